package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import io.windlass.consumer.balance.FairBalancer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** What {@link LongRunningBench} reads from this JVM and its nodes: threads, RSS, running loops, CPU, fairness. */
final class LongRunningMeasures {
    private LongRunningMeasures() {
    }

    /** Live threads of this JVM. */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Each node's handler (callback) threads: live threads named {@code windlass-<node>-handler-<n>}. */
    static ObjectNode handlerThreads(List<Node> nodes) {
        ObjectNode out = Json.object();
        var names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
        for (Node n : nodes) {
            String prefix = "windlass-" + n.name() + "-handler-";
            out.put(n.name(), names.stream().filter(s -> s.startsWith(prefix)).count());
        }
        return out;
    }

    /** Loops running now per node. */
    static ObjectNode running(List<Node> nodes, StreamProbe probe) {
        ObjectNode out = Json.object();
        nodes.forEach(n -> out.put(n.name(), probe.running(n.name())));
        return out;
    }

    static List<Integer> counts(List<Node> nodes, StreamProbe probe) {
        return nodes.stream().map(n -> probe.running(n.name())).toList();
    }

    /** All {@code tasks} loops run and no node runs more than the fair balancer's share (its threshold, 1.2). */
    static boolean fair(List<Node> nodes, StreamProbe probe, int tasks) {
        List<Integer> counts = counts(nodes, probe);
        int desired = FairBalancer.desired(counts, FairBalancer.DEFAULT_THRESHOLD);
        return counts.stream().mapToInt(Integer::intValue).sum() >= tasks
                && counts.stream().allMatch(c -> c <= desired);
    }

    /** This process's resident set (VmRSS), bytes; -1 when unknown (not Linux). */
    static long rssBytes() {
        return Machine.rssBytes("self");
    }

    /**
     * This JVM's and etcd's CPU over {@code window} (% of one core) and the transitions stored in it (the loops'
     * checkpoints) per second, into {@code into}.
     */
    static void cpu(Benchmark.Context ctx, Duration window, LongAdder stored, ObjectNode into) {
        long jvm0 = Machine.processCpuNanos();
        long etcd0 = ctx.etcd().cpuNanos();
        long stored0 = stored.sum();
        long t0 = System.nanoTime();
        NodeGroup.sleepQuietly(window.toMillis());
        long elapsed = System.nanoTime() - t0;
        long jvm1 = Machine.processCpuNanos();
        long etcd1 = ctx.etcd().cpuNanos();
        Stats.put(into, "jvm_cpu_pct_of_one_core", 100.0 * (jvm1 - jvm0) / elapsed);
        if (etcd0 >= 0) {
            Stats.put(into, "etcd_cpu_pct_of_one_core", 100.0 * (etcd1 - etcd0) / elapsed);
        }
        Stats.put(into, "stored_transitions_per_s", (stored.sum() - stored0) * 1e9 / elapsed);
    }
}
