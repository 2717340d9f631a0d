package io.windlass.cli;

import picocli.CommandLine.Option;

/** The {@code --json} option: one JSON document on stdout (JSON lines for streams) instead of text. */
public final class OutputOptions {
    @Option(names = "--json", description = "print one JSON document (JSON lines for streaming commands)")
    boolean json;

    public boolean json() {
        return json;
    }
}
