package io.windlass.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code bench}: a placeholder until the benchmarks are built; prints a JSON error and exits 2. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (framework vs raw etcd). Not implemented yet: prints a JSON error, exits 2.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "benchmark name and options")
    List<String> args;

    @Unmatched
    List<String> unmatched;

    @Override
    public Integer call() {
        ErrorReporter.report(spec.commandLine(), true, "NOT_IMPLEMENTED",
                "'windlass bench' is not implemented yet");
        return ExitCodes.REJECTED;
    }
}
