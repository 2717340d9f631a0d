package io.windlass.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process with captured output. */
record CliRun(int exit, String out, String err) {

    static CliRun run(ConnectionFactory connections, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WindlassCli.commandLine(connections, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
