package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs benchmarks and prints ONE JSON document on {@code out} (see docs/benchmarks.md) plus progress lines and a
 * human table on {@code err}. Without an endpoint every benchmark gets a FRESH single-member etcd (started and killed
 * here, data dir deleted), so one benchmark's leftovers (e.g. etcd 3.4's sticky read buffer after a big burst) cannot
 * slow the next; with an endpoint all run against it, each in its own namespace.
 */
public final class Bench {
    /** Benchmark names in the order {@code all} runs them. */
    public static final List<String> NAMES = List.of("transitions", "claim-storm", "timers", "failover", "idle-scale");

    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("transitions", TransitionsBench::new);
        BENCHMARKS.put("claim-storm", ClaimStormBench::new);
        BENCHMARKS.put("timers", TimersBench::new);
        BENCHMARKS.put("failover", FailoverBench::new);
        BENCHMARKS.put("idle-scale", IdleScaleBench::new);
        BENCHMARKS.put("api", ApiBench::new); // not in NAMES: run alone (bench api), it is long at full size
    }

    private Bench() {
    }

    /**
     * Runs {@code name} ({@code all} or one of {@link #NAMES}).
     *
     * @param etcdUrl an external etcd endpoint, or null to start own etcds
     * @return the JSON document that was printed; a benchmark that failed (e.g. etcd went away) is a result with
     *     {@code "error"} and {@code met: false}, the others still run; {@code "errors"} counts them
     * @throws WindlassException INVALID_ARGUMENT for an unknown name; UNAVAILABLE when etcd is missing or cannot start
     */
    public static ObjectNode run(String name, boolean quick, String etcdUrl, PrintWriter out, PrintWriter err) {
        return run(name, quick ? Benchmark.Size.QUICK : Benchmark.Size.FULL, etcdUrl, out, err);
    }

    /** As {@link #run(String, boolean, String, PrintWriter, PrintWriter)} with any size (tests use TINY). */
    static ObjectNode run(String name, Benchmark.Size size, String etcdUrl, PrintWriter out, PrintWriter err) {
        List<String> names = resolve(name);
        quietLogs();
        Progress progress = new Progress(err);
        Instant date = Instant.now();
        long start = System.nanoTime();
        ObjectNode machine = Machine.describe();
        ObjectNode etcdInfo = Json.object();
        List<Result> results = new ArrayList<>();
        for (String bench : names) {
            progress.bench(bench);
            progress.phase(etcdUrl == null ? "starting a fresh etcd" : "using etcd at " + etcdUrl);
            try (EtcdTarget etcd = etcdUrl == null ? EtcdTarget.startOwn() : EtcdTarget.external(etcdUrl)) {
                if (!etcdInfo.has("version")) {
                    etcdInfo.put("version", etcd.version());
                    etcdInfo.put("endpoint", etcdUrl == null ? "own single member (fresh per benchmark)" : etcdUrl);
                    etcdInfo.put("own", etcdUrl == null);
                }
                Benchmark.Context ctx = new Benchmark.Context(etcd, size, progress, Duration.ofSeconds(10));
                double loadBefore = Machine.loadAverage();
                Result r;
                try {
                    r = BENCHMARKS.get(bench).get().run(ctx);
                } catch (RuntimeException e) {
                    r = Result.failed(bench, e);
                }
                Stats.put(r.params(), "load_avg_1m_before", loadBefore);
                Stats.put(r.params(), "load_avg_1m_after", Machine.loadAverage());
                results.add(r);
                progress.note("done: framework " + r.frameworkSummary() + " | baseline " + r.baselineSummary()
                        + " | met: " + r.met());
            }
        }
        Stats.put(machine, "load_avg_1m_at_end", Machine.loadAverage());
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode doc = Report.document(name, size.name().toLowerCase(java.util.Locale.ROOT), date, machine, etcdInfo, seconds, results);
        Report.table(err, results);
        out.println(Json.compact(doc));
        out.flush();
        return doc;
    }

    static List<String> resolve(String name) {
        if ("all".equals(name)) {
            return NAMES;
        }
        if (name == null || !BENCHMARKS.containsKey(name)) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "unknown benchmark '" + name + "'; use one of "
                    + NAMES + ", api or all");
        }
        return List.of(name);
    }

    /** The coordinators log expected trouble (a node cut off in failover) at WARN; keep stderr to the progress. */
    private static void quietLogs() {
        for (String logger : List.of("io.windlass", "io.grpc", "io.etcd", "io.netty", "io.vertx")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }
}
