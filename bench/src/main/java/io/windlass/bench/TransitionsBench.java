package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code transitions}: N tasks stepping back to back (Runnable -Sleep(now)-> Sleeping -Run-> Runnable ...) on three
 * consumer nodes for a fixed time; fenced transitions/s counted from what etcd stored (the sum of the state keys' versions
 * before and after the window). Baseline: raw guarded CAS txns, one transition per txn, N in flight (the same
 * concurrency: every task has one write outstanding). Upper bound: raw K=64 nested batches, 4 in flight (also
 * measured with three prefix watchers, as the nodes watch their namespace). Also measured (not in TINY): the same
 * tasks driven by a minimal driver on the coordinator SPI without the engine, to tell engine cost from coordinator
 * cost. Target: framework >= 3x baseline.
 */
final class TransitionsBench implements Benchmark {
    static final double TARGET_RATIO = 3.0;

    @Override
    public String name() {
        return "transitions";
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pick(64, 256, 1000);
        int batch = Math.min(64, tasks / 4);
        Duration warmup = ctx.seconds(1, 2, 3);
        Duration window = ctx.seconds(1, 5, 15);
        int nodes = 3;
        ObjectNode params = Json.object().put("tasks", tasks).put("nodes", nodes)
                .put("warmup_s", warmup.toSeconds()).put("window_s", window.toSeconds())
                .put("baseline_in_flight", tasks).put("upper_bound_batch", batch).put("upper_bound_in_flight", 4);
        Progress progress = ctx.progress();

        ObjectNode baseline = Json.object();
        RawEtcd.Rate single;
        RawEtcd.Rate nested;
        try (Client client = ctx.etcd().connect()) {
            RawEtcd raw = new RawEtcd(client, "/bench-raw-transitions/", ctx.timeout()).endpoint(ctx.etcd().endpoint());
            progress.phase("raw setup (" + tasks + " claimed tasks)");
            raw.setup(tasks);
            progress.phase("raw one transition per txn, " + tasks + " in flight");
            long cpu0 = ctx.etcd().cpuNanos();
            single = raw.transitions(tasks, 1, warmup, window, progress);
            long cpu1 = ctx.etcd().cpuNanos();
            progress.phase("raw K=64 nested batches, 4 in flight (upper bound)");
            nested = raw.transitions(4, batch, warmup, window, progress);
            long cpu2 = ctx.etcd().cpuNanos();
            put(baseline, "one_per_txn", single, cpu0, cpu1);
            put(baseline, "nested_k64", nested, cpu1, cpu2);
            if (ctx.size() != Size.TINY) {
                watched(ctx, raw, baseline, "nested_k64_watched_prevkv", nodes, true, batch, warmup, window);
                watched(ctx, raw, baseline, "nested_k64_watched", nodes, false, batch, warmup, window);
            }
        }

        progress.phase("framework: submit " + tasks + " tasks");
        ObjectNode framework = Json.object();
        double rate;
        try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-transitions", EtcdCoordinatorSettings.defaults(),
                progress)) {
            group.submit(tasks, 16);
            BenchHandler stepper = new BenchHandler(true);
            List<Node> all = group.engines(nodes, stepper, Tracker.NONE);
            progress.phase("framework: " + nodes + " consumer nodes claim and step");
            rate = measure(ctx, group, all, tasks, warmup, window, framework);
            stepper.stepping(false);
        }
        if (ctx.size() != Size.TINY) {
            progress.phase("coordinator only (no engine): submit " + tasks + " tasks");
            ObjectNode coordinatorOnly = framework.putObject("coordinator_only");
            Stepper driver = new Stepper();
            try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-transitions-coordinator",
                    EtcdCoordinatorSettings.defaults(), progress)) {
                group.submit(tasks, 16);
                List<Node> all = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    all.add(group.add("node-" + i, driver, 64));
                }
                progress.phase("coordinator only: " + nodes + " nodes (bench driver on the coordinator SPI) step");
                driver.latency = new Stats(200_000);
                measure(ctx, group, all, tasks, warmup, window, coordinatorOnly);
                driver.running = false;
                driver.latency.putInto(coordinatorOnly, "write");
            }
        }
        double ratio = rate / Math.max(1e-9, single.perSecond());
        double share = rate / Math.max(1e-9, nested.perSecond());
        Stats.put(framework, "share_of_upper_bound", share);
        boolean met = ratio >= TARGET_RATIO;
        List<String> notes = new ArrayList<>();
        notes.add(String.format("framework reaches %.0f %% of the raw K=64 nested upper bound", share * 100));
        return new Result(name(), params, baseline, framework, ratio, "framework transitions/s / raw one-per-txn",
                ">= " + TARGET_RATIO + "x baseline", met,
                String.format("%.1fk/s (1/txn @%d), %.1fk/s (K=64)", single.perSecond() / 1e3, tasks,
                        nested.perSecond() / 1e3),
                String.format("%.1fk/s (%.0f%% of K=64)", rate / 1e3, share * 100), notes);
    }

    /**
     * The upper bound again while {@code watchers} clients watch the prefix (with or without prevKV), as every node's
     * coordinator watches its whole namespace: shows what the watches cost etcd on the write path.
     */
    private static void watched(Context ctx, RawEtcd raw, ObjectNode baseline, String key, int watchers,
                                boolean prevKv, int batch, Duration warmup, Duration window) {
        ctx.progress().phase("raw nested batches with " + watchers + " prefix watchers" + (prevKv ? " (prevKV)" : ""));
        java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
        try (AutoCloseable w = raw.watchers(watchers, prevKv, events)) {
            long cpu0 = ctx.etcd().cpuNanos();
            RawEtcd.Rate watched = raw.transitions(4, batch, warmup, window, ctx.progress());
            put(baseline, key, watched, cpu0, ctx.etcd().cpuNanos());
            baseline.with(key).put("watch_events", events.get());
        } catch (WindlassException e) {
            throw e;
        } catch (Exception e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "watched raw run failed: " + e, e);
        }
    }

    /**
     * Starts {@code all}, waits until every task is claimed, warms up, then counts the transitions etcd stored during
     * {@code window} (sum of state key versions before/after) and puts rate, etcd txns, CPU and spread into
     * {@code into}. Returns transitions/s.
     */
    private static double measure(Context ctx, NodeGroup group, List<Node> all, int tasks, Duration warmup,
                                  Duration window, ObjectNode into) {
        Progress progress = ctx.progress();
        group.startTogether(all);
        if (!group.await(() -> group.totalClaimed() >= tasks, Duration.ofSeconds(120),
                () -> group.totalClaimed() + "/" + tasks + " claimed")) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "transitions: only " + group.totalClaimed() + "/"
                    + tasks + " tasks claimed in 120 s");
        }
        NodeGroup.sleepQuietly(warmup.toMillis());
        progress.phase("measuring " + window.toSeconds() + " s");
        long v0 = group.storedVersions();
        long t0 = System.nanoTime();
        long c0 = ctx.etcd().cpuNanos();
        long p0 = ctx.etcd().proposalsCommitted();
        long j0 = Machine.processCpuNanos();
        NodeGroup.sleepQuietly(window.toMillis());
        long v1 = group.storedVersions();
        long t1 = System.nanoTime();
        long c1 = ctx.etcd().cpuNanos();
        long p1 = ctx.etcd().proposalsCommitted();
        long j1 = Machine.processCpuNanos();
        long stored = v1 - v0;
        double seconds = (t1 - t0) / 1e9;
        double rate = stored / seconds;
        into.put("transitions", stored);
        into.put("seconds", Math.round(seconds * 1000) / 1000.0);
        Stats.put(into, "per_second", rate);
        if (p0 >= 0 && p1 > p0) {
            into.put("etcd_txns", p1 - p0);
            Stats.put(into, "transitions_per_txn", (double) stored / (p1 - p0));
        }
        if (c0 >= 0 && stored > 0) {
            Stats.put(into, "etcd_cpu_us_per_transition", (c1 - c0) / 1e3 / stored);
        }
        if (j0 >= 0 && stored > 0) {
            Stats.put(into, "jvm_cpu_us_per_transition", (j1 - j0) / 1e3 / stored);
        }
        ObjectNode perNode = into.putObject("claimed_per_node");
        all.forEach(n -> perNode.put(n.name(), n.claimed()));
        return rate;
    }

    static void put(ObjectNode baseline, String key, RawEtcd.Rate r, long cpuBefore, long cpuAfter) {
        ObjectNode n = baseline.putObject(key);
        n.put("transitions", r.ops());
        n.put("txns", r.txns());
        Stats.put(n, "per_second", r.perSecond());
        r.txnLatency().putInto(n, "txn");
        n.put("guard_failures", r.failedGuards());
        n.put("errors", r.errors());
        if (cpuBefore >= 0 && r.allOps() > 0) {
            Stats.put(n, "etcd_cpu_us_per_transition", (cpuAfter - cpuBefore) / 1e3 / r.allOps());
        }
    }

    /** The bench handler: Runnable → Sleep(now); the node's timer then applies Run at once. */
    static final class Stepper implements Behaviour {
        volatile boolean running = true;
        volatile Stats latency = new Stats(1);

        @Override
        public Command onRunnable(Slot slot, Instant now) {
            return running ? Command.sleepUntil(now) : null;
        }

        @Override
        public void committed(BenchNode node, Slot slot, TaskState before, Instant now, long writeNanos) {
            latency.add(writeNanos);
        }
    }
}
