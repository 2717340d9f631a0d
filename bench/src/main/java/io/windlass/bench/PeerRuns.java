package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import io.windlass.launcher.WorkerProcess;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The three measurements of one peer scheduler on its own fresh PostgreSQL, each on freshly created tables, with
 * {@value #NODES} instances in this JVM: throughput of trivial recurring executions, failover after SIGKILL of the
 * child JVM holding the work, and idle cost. Each returns its JSON object (keys shared with Windlass's column).
 */
final class PeerRuns {
    static final int NODES = 3;
    private final PeerScheduler peer;
    private final PeerDb db;
    private final Progress progress;

    PeerRuns(PeerScheduler peer, PeerDb db, Progress progress) {
        this.peer = peer;
        this.db = db;
        this.progress = progress;
    }

    private List<PeerScheduler.Instance> startNodes(String prefix, Duration deadAfter) {
        List<PeerScheduler.Instance> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(peer.start(db.jdbcUrl(), prefix + i, PeerScheduler.THREADS, deadAfter));
        }
        return nodes;
    }

    private static void closeAll(List<PeerScheduler.Instance> nodes) {
        for (PeerScheduler.Instance n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // best effort
            }
        }
    }

    /** {@code tasks} STEP tasks on three instances; executions/s over {@code window} after {@code warmup}. */
    ObjectNode throughput(int tasks, Duration warmup, Duration window, Duration deadAfter) {
        progress.phase(peer.name() + " throughput: schema, " + NODES + " instances, " + tasks + " recurring tasks");
        peer.createSchema(db);
        PeerScheduler.Recorder.reset();
        ObjectNode out = Json.object().put("tasks", tasks).put("window_s", window.toSeconds());
        List<PeerScheduler.Instance> nodes = startNodes("step-", deadAfter);
        try (var admin = db.pool("stats", 1)) {
            nodes.get(0).schedule(PeerScheduler.Work.STEP, 0, tasks);
            NodeGroup.sleepQuietly(warmup.toMillis());
            progress.phase(peer.name() + " throughput: measuring " + window.toSeconds() + " s");
            long s0 = PeerScheduler.Recorder.STEPS.sum();
            long c0 = PeerDb.commits(admin);
            long d0 = db.cpuNanos();
            long j0 = Machine.processCpuNanos();
            long t0 = System.nanoTime();
            NodeGroup.sleepQuietly(window.toMillis());
            long s1 = PeerScheduler.Recorder.STEPS.sum();
            long t1 = System.nanoTime();
            long d1 = db.cpuNanos();
            long j1 = Machine.processCpuNanos();
            NodeGroup.sleepQuietly(600); // pg_stat counters are flushed at most every 0.5 s
            long c1 = PeerDb.commits(admin);
            long runs = s1 - s0;
            out.put("executions", runs);
            Stats.put(out, "executions_per_second", runs / ((t1 - t0) / 1e9));
            if (runs > 0) {
                Stats.put(out, "store_txns_per_execution", (double) (c1 - c0) / runs);
                Stats.put(out, "store_cpu_us_per_execution", d0 < 0 ? Double.NaN : (d1 - d0) / 1e3 / runs);
                Stats.put(out, "jvm_cpu_us_per_execution", (j1 - j0) / 1e3 / runs);
            }
        } finally {
            closeAll(nodes);
        }
        return out;
    }

    /**
     * A child JVM (one instance) runs {@code tasks} HOLD executions; two instances here hold none; the child is
     * SIGKILLed → time until each execution started again here (p50/p99/max).
     */
    ObjectNode failover(int tasks, Duration deadAfter) {
        progress.phase(peer.name() + " failover: child JVM takes " + tasks + " long-running executions");
        peer.createSchema(db);
        PeerScheduler.Recorder.reset();
        ObjectNode out = Json.object().put("tasks", tasks);
        Stats.put(out, "dead_after_s", deadAfter.toMillis() / 1e3);
        List<PeerScheduler.Instance> survivors = new ArrayList<>();
        try (WorkerProcess a = startChild(tasks, deadAfter)) {
            if (!await(() -> peer.runningOn(db, "node-a") >= tasks || !a.isAlive(), Duration.ofSeconds(180),
                    () -> "node-a runs " + peer.runningOn(db, "node-a") + "/" + tasks)) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, peer.name() + " failover: the child did not run "
                        + "all executions; its log:\n" + a.tail(20));
            }
            if (!a.isAlive()) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, peer.name() + " failover: the child exited:\n"
                        + a.tail(20));
            }
            for (String node : List.of("node-b", "node-c")) {
                survivors.add(peer.start(db.jdbcUrl(), node, PeerScheduler.THREADS, deadAfter));
            }
            NodeGroup.sleepQuietly(1500); // survivors checked in / polling
            progress.phase(peer.name() + " failover: kill -9 the child");
            PeerScheduler.Recorder.KILLED_AT.set(System.nanoTime());
            a.kill();
            boolean all = await(() -> PeerScheduler.Recorder.MOVED.size() >= tasks,
                    // Quartz adds its fixed grace; recovery under its cluster lock can take ~0.1-0.2 s per job
                    deadAfter.plusSeconds(QuartzPeer.FAILED_GRACE_MS / 1000 + Math.max(90, tasks / 5)),
                    () -> PeerScheduler.Recorder.MOVED.size() + "/" + tasks + " moved");
            Stats moved = new Stats(tasks);
            PeerScheduler.Recorder.MOVED.values().forEach(moved::add);
            out.put("all_moved", all);
            out.put("moved", PeerScheduler.Recorder.MOVED.size());
            out.put("ran_elsewhere_before_kill", PeerScheduler.Recorder.EARLY.size());
            Stats.put(out, "p50_s", moved.percentileMillis(50) / 1e3);
            Stats.put(out, "p99_s", moved.percentileMillis(99) / 1e3);
            Stats.put(out, "max_s", moved.percentileMillis(100) / 1e3);
        } finally {
            closeAll(survivors);
        }
        return out;
    }

    private WorkerProcess startChild(int tasks, Duration deadAfter) {
        try {
            Path logs = Files.createTempDirectory("windlass-bench-peer-");
            return WorkerProcess.start("peer-" + peer.name(), WorkerProcess.javaCommand(List.of("-Xmx512m",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), System.getProperty("java.class.path"),
                    PeerWorkerMain.class.getName(), List.of(peer.name(), db.jdbcUrl(), "node-a",
                            Integer.toString(tasks), Long.toString(deadAfter.toMillis()))), logs);
        } catch (IOException | IllegalStateException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot start the peer's child JVM: " + e, e);
        }
    }

    /** {@code tasks} IDLE tasks (due in a year) on three instances: heap, threads, CPU of this JVM and the server. */
    ObjectNode idle(int tasks, Duration window, Duration deadAfter) {
        progress.phase(peer.name() + " idle: " + NODES + " instances, " + tasks + " tasks scheduled a year ahead");
        peer.createSchema(db);
        int pilot = Math.max(1, tasks / 50);
        ObjectNode out = Json.object().put("tasks", tasks).put("cpu_window_s", window.toSeconds());
        List<PeerScheduler.Instance> nodes = startNodes("idle-", deadAfter);
        try {
            nodes.get(0).schedule(PeerScheduler.Work.IDLE, 0, pilot);
            NodeGroup.sleepQuietly(1000);
            long heap0 = IdleScaleBench.heapAfterGc();
            int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
            long t0 = System.nanoTime();
            nodes.get(0).schedule(PeerScheduler.Work.IDLE, pilot, tasks);
            Stats.put(out, "schedule_all_s", (System.nanoTime() - t0) / 1e9);
            NodeGroup.sleepQuietly(1000);
            long heap1 = IdleScaleBench.heapAfterGc();
            progress.phase(peer.name() + " idle: CPU at rest over " + window.toSeconds() + " s");
            long j0 = Machine.processCpuNanos();
            long d0 = db.cpuNanos();
            long w0 = System.nanoTime();
            NodeGroup.sleepQuietly(window.toMillis());
            long elapsed = System.nanoTime() - w0;
            Stats.put(out, "jvm_cpu_pct_of_one_core", 100.0 * (Machine.processCpuNanos() - j0) / elapsed);
            Stats.put(out, "store_cpu_pct_of_one_core", d0 < 0 ? Double.NaN : 100.0 * (db.cpuNanos() - d0) / elapsed);
            Stats.put(out, "heap_bytes_per_task", (double) (heap1 - heap0) / (tasks - pilot));
            out.put("live_threads", ManagementFactory.getThreadMXBean().getThreadCount());
            out.put("live_threads_with_pilot", threads0);
            Stats.put(out, "store_bytes_per_task", (double) peer.tableBytes(db) / tasks);
        } finally {
            closeAll(nodes);
        }
        return out;
    }

    private boolean await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            progress.tick(what);
            NodeGroup.sleepQuietly(50);
        }
        return true;
    }
}
