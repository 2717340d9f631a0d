package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.statemachine.TaskState;
import io.windlass.cli.support.Json;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code idle-scale}: N tasks claimed across three consumer nodes, all Sleeping (a year away, each with its wake-up timer) →
 * heap per task after GC, live threads, and this JVM's CPU over a quiet window. Baseline: the same three nodes with
 * a pilot of N/50 sleeping tasks (so every lazily started client thread exists already): heap, threads, CPU over a
 * shorter window. Targets: < 1 KiB heap per idle task beyond the task's own data (its record and
 * state, measured separately on a sample, decoded as the engine holds them), threads independent of the task count,
 * < 5 % of one core at rest.
 */
final class IdleScaleBench implements Benchmark {
    static final int NODES = 3;
    static final double TARGET_HEAP_BYTES = 1024;
    static final double TARGET_CPU_PCT = 5;
    /** Tasks whose own data is measured. */
    static final int OWN_DATA_SAMPLE = 5_000;

    @Override
    public String name() {
        return "idle-scale";
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pickTasks(500, 10_000, 100_000);
        int pilot = tasks / 50;
        Duration window = ctx.seconds(1, 10, 60);
        Duration baseWindow = ctx.seconds(1, 3, 10);
        ObjectNode params = Json.object().put("tasks", tasks).put("nodes", NODES).put("cpu_window_s",
                window.toSeconds()).put("baseline_cpu_window_s", baseWindow.toSeconds()).put("pilot_tasks", pilot);
        Progress progress = ctx.progress();
        ObjectNode baseline = Json.object();
        ObjectNode framework = Json.object();
        long heap0;
        long heap1;
        int threads0;
        int threads1;
        double cpu1;
        double ownData;
        double perTask;
        double beyond;
        FirstRun idle = new FirstRun();
        try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-idle-scale", EtcdCoordinatorSettings.defaults(),
                progress)) {
            List<Node> nodes = group.engines(NODES, new BenchHandler(false), idle);
            group.startTogether(nodes);
            progress.phase("baseline: " + NODES + " nodes with " + pilot + " sleeping tasks");
            group.submit(pilot, 16);
            group.await(() -> idle.running() >= pilot, Duration.ofSeconds(120),
                    () -> idle.running() + "/" + pilot + " sleeping");
            NodeGroup.sleepQuietly(1000);
            heap0 = heapAfterGc();
            threads0 = threads();
            double cpu0 = cpuPercent(ctx, baseWindow, baseline);
            baseline.put("tasks", pilot);
            baseline.put("heap_used_mib", heap0 / (1024 * 1024));
            baseline.put("live_threads", threads0);
            baseline.set("thread_groups", threadGroups());
            Stats.put(baseline, "jvm_cpu_pct_of_one_core", cpu0);

            progress.phase("framework: submit " + tasks + " tasks (nodes claim them as they arrive)");
            long submitStart = System.nanoTime();
            group.forEachTask(tasks - pilot, 16, "submitted", (client, i) -> client.submit("t-" + (pilot + i),
                    BenchHandler.TYPE, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
            Stats.put(framework, "submits_per_s", (tasks - pilot) / ((System.nanoTime() - submitStart) / 1e9));
            boolean all = group.await(() -> idle.running() >= tasks, Duration.ofSeconds((ctx.quick() ? 240 : 900)
                    + tasks / 1_000), () -> idle.running() + "/" + tasks + " sleeping");
            Stats.put(framework, "submit_to_all_sleeping_s", (System.nanoTime() - submitStart) / 1e9);
            framework.put("all_sleeping", all);
            framework.put("sleeping", idle.running());
            NodeGroup.sleepQuietly(1000); // let the last watch events and timers settle
            heap1 = heapAfterGc();
            threads1 = threads();
            progress.phase("framework: CPU at rest over " + window.toSeconds() + " s");
            cpu1 = cpuPercent(ctx, window, framework);
            framework.put("live_threads_after_settling", threads1);
            threads1 = threads();
            framework.put("heap_used_mib", heap1 / (1024 * 1024));
            perTask = (double) (heap1 - heap0) / (tasks - pilot);
            Stats.put(framework, "heap_bytes_per_task", perTask);
            framework.put("live_threads", threads1); // at the end of the quiet window
            framework.set("thread_groups", threadGroups());
            Stats.put(framework, "jvm_cpu_pct_of_one_core", cpu1);
            progress.phase("framework: the tasks' own data (record and state, decoded as the engine holds them)");
            ownData = ownDataBytesPerTask(group, Math.min(tasks, OWN_DATA_SAMPLE));
            Stats.put(framework, "own_data_bytes_per_task", ownData);
            beyond = beyondOwnData(perTask, ownData);
            Stats.put(framework, "heap_bytes_per_task_beyond_own_data", beyond);
            framework.set("etcd", etcdSize(ctx, tasks));
            ObjectNode perNode = framework.putObject("claimed_per_node");
            nodes.forEach(n -> perNode.put(n.name(), n.claimed()));
        }
        boolean met = idle.running() >= tasks && beyond < TARGET_HEAP_BYTES && threads1 <= threads0
                && cpu1 < TARGET_CPU_PCT;
        List<String> notes = new ArrayList<>();
        notes.add("heap per task = (heap after GC with N tasks - heap after GC with the pilot tasks) / (N - pilot); it "
                + "includes the task's record and state held by the engine's task runner, the coordinator's ownership "
                + "entry and the wake-up timer");
        notes.add(String.format("the tasks' own data (record and state decoded from etcd as the engine holds them, "
                + "measured on %d of them): %.0f B/task; the target is the heap beyond it: %.0f B/task",
                Math.min(tasks, OWN_DATA_SAMPLE), ownData, beyond));
        return new Result(name(), params, baseline, framework, null, "no ratio: the baseline is the empty node",
                "< 1 KiB heap/task, threads flat, < 5 % of a core", met,
                String.format("%d tasks: %d threads, %.1f%% CPU", pilot, threads0, baseline.path("jvm_cpu_pct_of_one_core")
                        .asDouble()),
                String.format("%.0f B/task beyond own data (%.0f in all), %d threads, %.1f%% CPU", beyond, perTask,
                        threads1, cpu1), notes);
    }

    /**
     * Heap per task of the task's own data as the engine holds it — its {@link TaskRecord} and {@link TaskState},
     * decoded from what etcd stores by the same code the coordinator uses — measured on {@code sample} tasks.
     */
    private static double ownDataBytesPerTask(NodeGroup group, int sample) {
        List<Object> held = java.util.Collections.synchronizedList(new ArrayList<>(2 * sample));
        long before = heapAfterGc();
        group.forEachTask(sample, 4, "read", (client, i) -> client.get("t-" + i).ifPresent(v -> {
            held.add(v.task());
            held.add(v.state().state());
        }));
        long after = heapAfterGc();
        int read = held.size() / 2;
        java.lang.ref.Reference.reachabilityFence(held);
        long sampleList = (long) Integer.BYTES * held.size(); // the sample list's references (compressed oops)
        return read == 0 ? Double.NaN : Math.max(0, (double) (after - before - sampleList) / read);
    }

    /**
     * The heap per task beyond its own data; the whole heap per task when the own-data sample came out larger than
     * that (a sample of a few thousand tasks next to a heap of a million is noise then, and the target is not given
     * away by it).
     */
    static double beyondOwnData(double perTask, double ownData) {
        return ownData >= 0 && ownData <= perTask ? perTask - ownData : perTask;
    }

    /** What the namespace costs etcd: db size (allocated and in use), keys, resident memory; -1 where unknown. */
    static ObjectNode etcdSize(Context ctx, int tasks) {
        ObjectNode out = Json.object();
        List<Double> m = ctx.etcd().metrics("etcd_mvcc_db_total_size_in_bytes",
                "etcd_mvcc_db_total_size_in_use_in_bytes", "etcd_debugging_mvcc_keys_total");
        double db = m.get(0);
        double inUse = m.get(1);
        out.put("db_total_mib", Math.round(db / (1024 * 1024)));
        out.put("db_in_use_mib", Math.round(inUse / (1024 * 1024)));
        Stats.put(out, "db_in_use_bytes_per_task", inUse / tasks);
        out.put("keys", m.get(2).longValue());
        long rss = ctx.etcd().rssBytes();
        out.put("rss_mib", rss < 0 ? -1 : rss / (1024 * 1024));
        Stats.put(out, "rss_bytes_per_task", rss < 0 ? -1 : (double) rss / tasks);
        return out;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            NodeGroup.sleepQuietly(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live threads grouped by name with digits folded ({@code jetcd-pool-N-thread-N}), largest groups first. */
    static ObjectNode threadGroups() {
        java.util.Map<String, Integer> groups = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            groups.merge(t.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        ObjectNode out = Json.object();
        groups.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** This JVM's CPU over {@code window} as % of one core; also puts etcd's CPU into {@code into} if known. */
    private static double cpuPercent(Context ctx, Duration window, ObjectNode into) {
        long jvm0 = Machine.processCpuNanos();
        long etcd0 = ctx.etcd().cpuNanos();
        long t0 = System.nanoTime();
        NodeGroup.sleepQuietly(window.toMillis());
        long elapsed = System.nanoTime() - t0;
        long etcd1 = ctx.etcd().cpuNanos();
        if (etcd0 >= 0) {
            Stats.put(into, "etcd_cpu_pct_of_one_core", 100.0 * (etcd1 - etcd0) / elapsed);
        }
        return 100.0 * (Machine.processCpuNanos() - jvm0) / elapsed;
    }
}
