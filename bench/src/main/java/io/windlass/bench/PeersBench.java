package io.windlass.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code peers}: Windlass side by side with the schedulers a Java team would pick instead — db-scheduler and Quartz's
 * clustered JDBC job store, each on its own fresh PostgreSQL ({@link PeerDb}) — on the work shapes of Windlass's own
 * benchmarks: throughput of trivial recurring executions (vs {@code transitions}), failover after SIGKILL of the
 * process holding the work (vs {@code failover}), idle cost per scheduled task (vs {@code idle-scale}), and what each
 * cannot express (as {@code null} with a note). Windlass's numbers are the results of the same run when it ran those
 * benchmarks ({@code all}), else this runs them first at the same size. Produces the document's {@code peers} section.
 */
final class PeersBench {
    static final List<String> WINDLASS_BENCHES = List.of("transitions", "failover", "idle-scale");

    private PeersBench() {
    }

    static PeerScheduler peer(String name) {
        return switch (name) {
            case "db-scheduler" -> new DbSchedulerPeer();
            case "quartz" -> new QuartzPeer();
            default -> throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "unknown peer " + name);
        };
    }

    static List<PeerScheduler> peers() {
        return List.of(new DbSchedulerPeer(), new QuartzPeer());
    }

    /**
     * Measures the peers and assembles the section.
     *
     * @param windlass the Windlass result of a benchmark name (from this run, or run now)
     */
    static ObjectNode run(Benchmark.Size size, Progress progress, Function<String, Result> windlass) {
        Benchmark.Context sizes = new Benchmark.Context(null, size, progress, Duration.ofSeconds(10));
        int stepTasks = sizes.pick(64, 256, 1000);
        Duration warmup = sizes.seconds(1, 2, 3);
        Duration window = sizes.seconds(1, 5, 15);
        int failoverTasks = sizes.pick(50, 300, 1000);
        Duration deadAfter = sizes.seconds(2, 3, 5);
        int idleTasks = sizes.pick(500, 10_000, 100_000);
        Duration idleWindow = sizes.seconds(1, 10, 60);

        ObjectNode section = Json.object();
        ObjectNode params = section.putObject("params");
        params.put("size", size.name().toLowerCase(java.util.Locale.ROOT)).put("nodes", PeerRuns.NODES)
                .put("threads_per_instance", PeerScheduler.THREADS).put("throughput_tasks", stepTasks)
                .put("warmup_s", warmup.toSeconds()).put("window_s", window.toSeconds())
                .put("failover_tasks", failoverTasks).put("dead_after_s", deadAfter.toSeconds())
                .put("idle_tasks", idleTasks).put("idle_cpu_window_s", idleWindow.toSeconds());
        ObjectNode versions = section.putObject("versions");
        java.util.Properties pom = versions();
        for (String lib : List.of("windlass", "db-scheduler", "quartz", "postgresql-jdbc", "hikaricp", "jetcd")) {
            versions.put(lib, pom.getProperty(lib, "unknown"));
        }
        ObjectNode schedulers = section.putObject("schedulers");

        // Windlass first (its results from this run, or run now), so the peers' numbers follow it closely in time
        ObjectNode w = schedulers.putObject("windlass");
        windlassColumn(w, windlass);

        for (PeerScheduler peer : peers()) {
            progress.phase(peer.name() + ": starting a fresh PostgreSQL");
            ObjectNode p = schedulers.putObject(peer.name());
            p.set("settings", peer.settings(deadAfter));
            double load = Machine.loadAverage();
            try (PeerDb db = PeerDb.start()) {
                if (!section.has("postgres")) {
                    ObjectNode pg = section.putObject("postgres");
                    pg.put("version", db.version());
                    pg.put("own", true);
                    pg.put("settings", "defaults (fsync, synchronous_commit on) + " + String.join(", ", PeerDb.SETTINGS)
                            + "; fresh server per peer, tables recreated per measurement");
                    versions.put("postgresql", db.version());
                }
                PeerRuns runs = new PeerRuns(peer, db, progress);
                p.set("throughput", guarded(() -> runs.throughput(stepTasks, warmup, window, deadAfter)));
                p.set("failover", guarded(() -> runs.failover(failoverTasks, deadAfter)));
                p.set("idle", guarded(() -> runs.idle(idleTasks, idleWindow, deadAfter)));
            } catch (RuntimeException e) {
                p.put("error", String.valueOf(e.getMessage()));
            }
            p.set("expresses", peer.expresses());
            Stats.put(p, "load_avg_1m_before", load);
            Stats.put(p, "load_avg_1m_after", Machine.loadAverage());
            progress.note(peer.name() + ": " + summary(p));
        }
        progress.note("windlass: " + summary(w));
        schedulers.forEach(PeersBench::cpuPerTask);
        section.putArray("notes")
                .add("executions: a handler run. Windlass's STEP handler run is two stored transitions (Runnable "
                        + "-Sleep(now)-> Sleeping -Run-> Runnable), so its executions_per_second is transitions/s / 2; "
                        + "a db-scheduler execution is one row pick (lock-and-fetch, batched) + one row update, a "
                        + "Quartz firing acquire + fire + complete, each under Quartz's cluster-wide row lock")
                .add("store_*: etcd for Windlass, the peer's PostgreSQL for the peers; store_txns_per_execution "
                        + "counts etcd write txns (raft proposals) or PostgreSQL commits (pg_stat_database)")
                .add("failover: Windlass's tasks are sleeping (claimed, not executing) when the worker JVM is killed; "
                        + "the peers' executions are running (a peer owns only what it executes). All three detect "
                        + "death by a timeout set to the same dead_after (Quartz adds its fixed 7.5 s grace)")
                .add("idle: the peers keep no per-task state in the JVM (heap_bytes_per_task ~0); their cost is rows "
                        + "(store_bytes_per_task) and polling; Windlass holds each claimed task in memory");
        return section;
    }

    /** The versions the bench was built with ({@code versions.properties}, filtered by Maven). */
    static java.util.Properties versions() {
        java.util.Properties p = new java.util.Properties();
        try (var in = PeersBench.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            // reported as unknown
        }
        return p;
    }

    /** Windlass's column from its own benchmarks' results, in the peers' keys. */
    private static void windlassColumn(ObjectNode w, Function<String, Result> windlass) {
        ObjectNode settings = w.putObject("settings");
        settings.put("engine", "3 consumer nodes in one JVM, defaults (EtcdCoordinator: group commit K <= 64, 2 ms, "
                + "4 batches in flight); see the transitions/failover/idle-scale results");
        ObjectNode t = w.putObject("throughput");
        ObjectNode f = w.putObject("failover");
        ObjectNode i = w.putObject("idle");
        Result tr = guardedResult(windlass, "transitions", t);
        if (tr != null) {
            JsonNode fw = tr.framework();
            t.put("tasks", tr.params().path("tasks").asInt());
            t.put("window_s", tr.params().path("window_s").asInt());
            t.put("transitions", fw.path("transitions").asLong());
            t.put("executions", fw.path("transitions").asLong() / 2);
            Stats.put(t, "transitions_per_second", fw.path("per_second").asDouble(Double.NaN));
            Stats.put(t, "executions_per_second", fw.path("per_second").asDouble(Double.NaN) / 2);
            Stats.put(t, "store_txns_per_execution", 2 / fw.path("transitions_per_txn").asDouble(Double.NaN));
            Stats.put(t, "store_cpu_us_per_execution", 2 * fw.path("etcd_cpu_us_per_transition").asDouble(Double.NaN));
            Stats.put(t, "jvm_cpu_us_per_execution", 2 * fw.path("jvm_cpu_us_per_transition").asDouble(Double.NaN));
        }
        Result fr = guardedResult(windlass, "failover", f);
        if (fr != null) {
            JsonNode fw = fr.framework();
            f.put("tasks", fr.params().path("tasks").asInt());
            Stats.put(f, "dead_after_s", fr.params().path("lease_ttl_s").asDouble(Double.NaN));
            f.put("all_moved", fw.path("all_moved").asBoolean());
            f.put("moved", fw.path("moved").asInt());
            Stats.put(f, "p50_s", fw.path("failover_p50_ms").asDouble(Double.NaN) / 1e3);
            Stats.put(f, "p99_s", fw.path("failover_p99_ms").asDouble(Double.NaN) / 1e3);
            Stats.put(f, "max_s", fw.path("failover_max_ms").asDouble(Double.NaN) / 1e3);
        }
        Result ir = guardedResult(windlass, "idle-scale", i);
        if (ir != null) {
            JsonNode fw = ir.framework();
            i.put("tasks", ir.params().path("tasks").asInt());
            i.put("cpu_window_s", ir.params().path("cpu_window_s").asInt());
            Stats.put(i, "jvm_cpu_pct_of_one_core", fw.path("jvm_cpu_pct_of_one_core").asDouble(Double.NaN));
            Stats.put(i, "store_cpu_pct_of_one_core", fw.path("etcd_cpu_pct_of_one_core").asDouble(Double.NaN));
            Stats.put(i, "heap_bytes_per_task", fw.path("heap_bytes_per_task").asDouble(Double.NaN));
            Stats.put(i, "heap_bytes_per_task_beyond_own_data", fw.path("heap_bytes_per_task_beyond_own_data")
                    .asDouble(Double.NaN));
            i.put("live_threads", fw.path("live_threads").asInt());
            i.putNull("store_bytes_per_task");
        }
        ObjectNode e = w.putObject("expresses");
        e.put("pause_resume_running_task", true);
        e.put("commands", true);
        e.put("fenced_ownership", true);
        ObjectNode notes = e.putObject("notes");
        notes.put("pause_resume_running_task", "Pause/Resume commands apply to a task in any state, a running one "
                + "included (docs/state-diagram.md)");
        notes.put("commands", "TaskClient.command: per-task commands, ordered by their etcd revision, applied and "
                + "acked in one fenced write");
        notes.put("fenced_ownership", "every write of a task is guarded on its claim's CreateRevision (the fence) "
                + "and the state's ModRevision; a node that lost its lease cannot write (docs/guarantees.md)");
    }

    private static Result guardedResult(Function<String, Result> windlass, String name, ObjectNode into) {
        try {
            Result r = windlass.apply(name);
            if (r.failed()) {
                into.put("error", name + " failed: " + r.framework().path("error").asText());
                return null;
            }
            into.put("source", name + " result of this run");
            return r;
        } catch (RuntimeException e) {
            into.put("error", name + ": " + e.getMessage());
            return null;
        }
    }

    private static ObjectNode guarded(java.util.function.Supplier<ObjectNode> measurement) {
        try {
            return measurement.get();
        } catch (RuntimeException e) {
            return Json.object().put("error", String.valueOf(e.getMessage()));
        }
    }

    /** {@code idle.cpu_ns_per_task_per_s}: CPU at rest (JVM + store) per scheduled task and second. */
    private static void cpuPerTask(JsonNode scheduler) {
        JsonNode idle = scheduler.path("idle");
        if (idle instanceof ObjectNode o && idle.path("tasks").asInt() > 0) {
            double pct = idle.path("jvm_cpu_pct_of_one_core").asDouble(Double.NaN)
                    + idle.path("store_cpu_pct_of_one_core").asDouble(Double.NaN);
            Stats.put(o, "cpu_ns_per_task_per_s", pct / 100 * 1e9 / idle.path("tasks").asInt());
        }
    }

    /** True when the section or any scheduler's measurement carries an error. */
    static boolean failed(ObjectNode section) {
        if (section.has("error")) {
            return true;
        }
        for (JsonNode s : section.path("schedulers")) {
            if (s.has("error") || s.path("throughput").has("error") || s.path("failover").has("error")
                    || s.path("idle").has("error")) {
                return true;
            }
        }
        return false;
    }

    static String summary(JsonNode s) {
        if (s.has("error")) {
            return "ERROR " + s.path("error").asText();
        }
        return String.format("%s exec/s | failover max %s s | idle %s B/task heap, %s%% CPU (store %s%%)",
                text(s.path("throughput"), "executions_per_second"), text(s.path("failover"), "max_s"),
                text(s.path("idle"), "heap_bytes_per_task"), text(s.path("idle"), "jvm_cpu_pct_of_one_core"),
                text(s.path("idle"), "store_cpu_pct_of_one_core"));
    }

    private static String text(JsonNode n, String key) {
        if (n.has("error")) {
            return "ERR";
        }
        JsonNode v = n.path(key);
        return v.isMissingNode() || v.isNull() ? "-" : v.asText();
    }

    /** The human table of the section (stderr). */
    static void table(java.io.PrintWriter err, JsonNode section) {
        String format = "%-13s %12s %10s %10s %12s %10s %10s%n";
        err.printf(format, "scheduler", "exec/s", "failover", "dead after", "idle B/task", "idle CPU%", "store CPU%");
        section.path("schedulers").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            err.printf(format, e.getKey(), text(s.path("throughput"), "executions_per_second"),
                    text(s.path("failover"), "max_s"), text(s.path("failover"), "dead_after_s"),
                    text(s.path("idle"), "heap_bytes_per_task"), text(s.path("idle"), "jvm_cpu_pct_of_one_core"),
                    text(s.path("idle"), "store_cpu_pct_of_one_core"));
        });
        err.flush();
    }
}
