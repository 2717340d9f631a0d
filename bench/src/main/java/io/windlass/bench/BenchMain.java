package io.windlass.bench;

import io.windlass.cli.ExitCodes;
import io.windlass.cli.WindlassCli;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code windlass bench}: benchmarks, framework vs raw etcd in one run (see {@link Bench}); JSON on stdout. Exit 0
 * whether or not targets were met (speed is reported, not asserted); 1 for a bad name or option; 3 if a benchmark
 * failed (its result carries the error). Its own program ({@code bench/target/windlass-bench.jar}), so the benchmarks'
 * dependencies never reach the worker's class path; {@code ./windlass bench ...} runs it.
 */
@Command(name = "windlass bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (framework vs raw etcd, same run): prints ONE JSON document on stdout, progress "
                + "and a table on stderr. Names: transitions, claim-storm, timers, failover, idle-scale, long-running, "
                + "peers "
                + "(db-scheduler and Quartz on an own PostgreSQL, side by side), all.")
public final class BenchMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "benchmark name or 'all'")
    String name;

    @Option(names = "--quick", description = "small sizes (all of them within ~3 minutes on 2 cores)")
    boolean quick;

    @Option(names = "--etcd", paramLabel = "URL", description = "use this etcd instead of starting own ones")
    String etcd;

    @Option(names = "--tasks", paramLabel = "N", description = "idle-scale only: how many tasks (default 10,000 with "
            + "--quick, else 100,000); above 200,000 the own etcd gets an 8 GiB quota and auto-compaction")
    int tasks;

    @Override
    public Integer call() {
        var doc = Bench.run(name, quick, etcd, tasks, spec.commandLine().getOut(), spec.commandLine().getErr());
        return doc.path("errors").asInt() > 0 ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
    }

    /** The bench command line with the CLI's error handling and exit codes. */
    static CommandLine commandLine() {
        return WindlassCli.withErrorHandling(new CommandLine(new BenchMain()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
