package io.windlass.examples.cli;

import io.windlass.examples.bench.Bench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: benchmarks, framework vs raw etcd in one run (see {@link Bench}); JSON on stdout. Exit 0 whether or
 * not targets were met (speed is reported, not asserted); 3 if a benchmark failed (its result carries the error).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (framework vs raw etcd, same run): prints ONE JSON document on stdout, progress "
                + "and a table on stderr. Names: transitions, claim-storm, timers, failover, idle-scale, all.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "benchmark name or 'all'")
    String name;

    @Option(names = "--quick", description = "small sizes (all of them within ~3 minutes on 2 cores)")
    boolean quick;

    @Option(names = "--etcd", paramLabel = "URL", description = "use this etcd instead of starting own ones")
    String etcd;

    @Override
    public Integer call() {
        var doc = Bench.run(name, quick, etcd, spec.commandLine().getOut(), spec.commandLine().getErr());
        return doc.path("errors").asInt() > 0 ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
    }
}
