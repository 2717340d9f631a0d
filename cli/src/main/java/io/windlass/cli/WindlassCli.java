package io.windlass.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code windlass} command line: submit, steer and inspect tasks in etcd, run a worker node, run the demo.
 * {@link #main} exits with the code of {@link ExitCodes}; {@link #commandLine} builds the same command line for tests
 * (call {@code execute(args)} on it, with {@code setOut}/{@code setErr} to capture what it prints).
 */
@Command(name = "windlass", mixinStandardHelpOptions = true, version = "windlass 0.1.0-SNAPSHOT",
        description = "Long-lived distributed tasks as persisted state machines in etcd.",
        subcommands = {SubmitCommand.class, DeleteCommand.class, ListCommand.class, ShowCommand.class,
                HistoryCommand.class, TaskCommandCommand.class, NodesCommand.class, NodeCommandCommand.class,
                WatchCommand.class, WorkerCommand.class, ServeCommand.class, DemoCommand.class, EtcdRoleCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:usage error (bad option, malformed JSON, invalid props or id)",
                "2:not found or rejected (duplicate id, illegal command for the task's state, task finished)",
                "3:etcd unreachable (after --timeout) or outcome unknown", "4:internal error (a bug)",
                "5:etcd refused the credentials or the access (user, password, role)"})
public final class WindlassCli implements Runnable {
    private final ConnectionFactory connections;

    @Spec
    CommandSpec spec;

    WindlassCli(ConnectionFactory connections) {
        this.connections = connections;
    }

    ConnectionFactory connections() {
        return connections;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line on {@code connections}, with the CLI's error handling and exit codes. */
    public static CommandLine commandLine(ConnectionFactory connections) {
        return withErrorHandling(new CommandLine(new WindlassCli(connections)));
    }

    /**
     * Gives {@code cl} the CLI's error handling: a {@code WindlassException} is printed as one line and exits with
     * {@link ExitCodes#of its code's exit code}, bad options exit with {@link ExitCodes#USAGE}. Returns {@code cl}.
     */
    public static CommandLine withErrorHandling(CommandLine cl) {
        ErrorReporter reporter = new ErrorReporter();
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Captures output: a command line printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(ConnectionFactory connections, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(connections);
        cl.setOut(out);
        cl.setErr(err);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine(EtcdStoreConnection.FACTORY).execute(args);
        System.exit(code);
    }
}
