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
    public static final List<String> NAMES = List.of("transitions", "claim-storm", "timers", "failover", "idle-scale",
            "long-running");
    /** The peer schedulers side by side ({@link PeersBench}): the document's {@code peers} section, not a result. */
    public static final String PEERS = "peers";
    /** What {@code all} runs: every benchmark, then the peers (reusing this run's Windlass numbers). */
    public static final List<String> ALL = java.util.stream.Stream.concat(NAMES.stream(), java.util.stream.Stream.of(PEERS))
            .toList();

    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("transitions", TransitionsBench::new);
        BENCHMARKS.put("claim-storm", ClaimStormBench::new);
        BENCHMARKS.put("timers", TimersBench::new);
        BENCHMARKS.put("failover", FailoverBench::new);
        BENCHMARKS.put("idle-scale", IdleScaleBench::new);
        BENCHMARKS.put("long-running", LongRunningBench::new);
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
        return run(name, quick ? Benchmark.Size.QUICK : Benchmark.Size.FULL, etcdUrl, 0, out, err);
    }

    /**
     * As {@link #run(String, boolean, String, PrintWriter, PrintWriter)} with a task count for {@code idle-scale}
     * ({@code --tasks}; 0 = its size's own). Above {@link #LARGE_TASKS} tasks the own etcd gets a large quota and
     * auto-compaction ({@link EtcdTarget#startOwn(boolean)}).
     *
     * @throws WindlassException INVALID_ARGUMENT for a count below 0, or a count for another benchmark
     */
    public static ObjectNode run(String name, boolean quick, String etcdUrl, int tasks, PrintWriter out,
                                 PrintWriter err) {
        return run(name, quick ? Benchmark.Size.QUICK : Benchmark.Size.FULL, etcdUrl, tasks, out, err);
    }

    /** Task counts above this get an etcd sized for them (see {@link EtcdTarget#startOwn(boolean)}). */
    static final int LARGE_TASKS = 200_000;

    /** As {@link #run(String, boolean, String, int, PrintWriter, PrintWriter)} with any size (tests use TINY). */
    static ObjectNode run(String name, Benchmark.Size size, String etcdUrl, PrintWriter out, PrintWriter err) {
        return run(name, size, etcdUrl, 0, out, err);
    }

    private static ObjectNode run(String name, Benchmark.Size size, String etcdUrl, int tasks, PrintWriter out,
                                  PrintWriter err) {
        if (tasks < 0 || (tasks > 0 && !"idle-scale".equals(name))) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "--tasks applies to idle-scale only and must be "
                    + "at least 1 (was " + tasks + " for " + name + ")");
        }
        List<String> names = resolve(name);
        quietLogs();
        Progress progress = new Progress(err);
        Instant date = Instant.now();
        long start = System.nanoTime();
        ObjectNode machine = Machine.describe();
        ObjectNode etcdInfo = Json.object();
        List<Result> results = new ArrayList<>();
        ObjectNode peers = null;
        for (String bench : names) {
            if (PEERS.equals(bench)) {
                progress.bench(PEERS);
                double loadBefore = Machine.loadAverage();
                try {
                    peers = PeersBench.run(size, progress, windlass -> results.stream()
                            .filter(r -> r.name().equals(windlass)).findFirst().orElseGet(() -> {
                                Result r = runOne(windlass, size, etcdUrl, 0, progress, etcdInfo);
                                results.add(r);
                                progress.bench(PEERS);
                                return r;
                            }));
                } catch (RuntimeException e) {
                    peers = Json.object().put("error", String.valueOf(e.getMessage()));
                }
                Stats.put(peers, "load_avg_1m_before", loadBefore);
                Stats.put(peers, "load_avg_1m_after", Machine.loadAverage());
                continue;
            }
            results.add(runOne(bench, size, etcdUrl, tasks, progress, etcdInfo));
        }
        Stats.put(machine, "load_avg_1m_at_end", Machine.loadAverage());
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode doc = Report.document(name, size.name().toLowerCase(java.util.Locale.ROOT), date, machine, etcdInfo, seconds, results);
        if (peers != null) {
            doc.set("peers", peers);
            if (PeersBench.failed(peers)) {
                doc.put("errors", doc.path("errors").asLong() + 1);
            }
        }
        Report.table(err, results);
        if (peers != null) {
            PeersBench.table(err, peers);
        }
        out.println(Json.compact(doc));
        out.flush();
        return doc;
    }

    /** One benchmark on its own fresh etcd (or the external one); a failure is a failed result. */
    private static Result runOne(String bench, Benchmark.Size size, String etcdUrl, int tasks, Progress progress,
                                 ObjectNode etcdInfo) {
        progress.bench(bench);
        progress.phase(etcdUrl == null ? "starting a fresh etcd" : "using etcd at " + etcdUrl);
        try (EtcdTarget etcd = etcdUrl == null ? EtcdTarget.startOwn(tasks > LARGE_TASKS)
                : EtcdTarget.external(etcdUrl)) {
            if (!etcdInfo.has("version")) {
                etcdInfo.put("version", etcd.version());
                etcdInfo.put("endpoint", etcdUrl == null ? "own single member (fresh per benchmark)" : etcdUrl);
                etcdInfo.put("own", etcdUrl == null);
            }
            Benchmark.Context ctx = new Benchmark.Context(etcd, size, progress, Duration.ofSeconds(10), tasks);
            double loadBefore = Machine.loadAverage();
            Result r;
            try {
                r = BENCHMARKS.get(bench).get().run(ctx);
            } catch (RuntimeException e) {
                r = Result.failed(bench, e);
            }
            Stats.put(r.params(), "load_avg_1m_before", loadBefore);
            Stats.put(r.params(), "load_avg_1m_after", Machine.loadAverage());
            progress.note("done: framework " + r.frameworkSummary() + " | baseline " + r.baselineSummary()
                    + " | met: " + r.met());
            return r;
        }
    }

    static List<String> resolve(String name) {
        if ("all".equals(name)) {
            return ALL;
        }
        if (PEERS.equals(name)) {
            return List.of(PEERS);
        }
        if (name == null || !BENCHMARKS.containsKey(name)) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "unknown benchmark '" + name + "'; use one of "
                    + NAMES + ", " + PEERS + ", api or all");
        }
        return List.of(name);
    }

    /** The coordinators log expected trouble (a node cut off in failover) at WARN; keep stderr to the progress. */
    private static void quietLogs() {
        for (String logger : List.of("io.windlass", "io.grpc", "io.etcd", "io.netty", "io.vertx", "org.quartz",
                "com.github.kagkarlsson", "com.zaxxer")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }
}
