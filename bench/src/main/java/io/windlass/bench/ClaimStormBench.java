package io.windlass.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.cli.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code claim-storm}: M freshly submitted tasks, three consumer nodes starting together → time until every task is claimed
 * and running (its first fenced write stored), and the spread per node. Baseline: raw claim txns, one per txn, for M
 * keys at the same concurrency (3 nodes x the consumer's default claims in flight). Target: framework time <= 1.0x baseline; spread within ±20 % of
 * the mean.
 *
 * <p>The storm runs twice, baseline and framework each time: first in a cold JVM (reported as {@code cold}; the JIT
 * compiles the framework's claim path DURING that round, which on 2 cores takes more CPU than the claims themselves),
 * then again with fresh nodes on a fresh etcd (an own one; with {@code --etcd}, the same etcd under other keys) — the
 * measured round, like the warm-up of {@code transitions}.
 */
final class ClaimStormBench implements Benchmark {
    static final int NODES = 3;
    /** The consumer's default claims in flight per node; the baseline keeps NODES times that in flight. */
    static final int CLAIMS_IN_FLIGHT = io.windlass.consumer.ConsumerSettings.DEFAULT_MAX_CLAIMS_IN_FLIGHT;

    @Override
    public String name() {
        return "claim-storm";
    }

    /** One storm: the raw baseline's and the framework's figures, and whether the framework met the target. */
    private record Round(ObjectNode baseline, ObjectNode framework, double ratio, double spread) {
        boolean met() {
            return ratio <= 1.0 && spread <= 0.20;
        }
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pick(200, 2000, 10_000);
        int inFlight = NODES * CLAIMS_IN_FLIGHT;
        ObjectNode params = Json.object().put("tasks", tasks).put("nodes", NODES)
                .put("claims_in_flight_per_node", CLAIMS_IN_FLIGHT).put("baseline_in_flight", inFlight)
                .put("rounds", "cold (first in this JVM), then measured");
        Round cold = round(ctx, tasks, "-cold", "cold round: ");
        Round warm;
        if (ctx.etcd().own()) {
            // a fresh etcd: the first round's lease revokes leave etcd 3.4 slower for single txns (field-notes.md)
            ctx.progress().phase("starting a fresh etcd for the measured round");
            try (EtcdTarget fresh = EtcdTarget.startOwn()) {
                warm = round(new Context(fresh, ctx.size(), ctx.progress(), ctx.timeout()), tasks, "", "");
            }
        } else {
            warm = round(ctx, tasks, "", "");
        }
        warm.baseline().set("cold", cold.baseline());
        warm.framework().set("cold", cold.framework());
        Stats.put(warm.framework(), "cold_ratio", cold.ratio());
        List<String> notes = new ArrayList<>();
        notes.add("consumer engine defaults: FairBalancer, claim delay 1 ms per owned task (max 250 ms)");
        notes.add(String.format("cold round (first in this JVM, JIT compiling meanwhile): framework %.2f s vs "
                + "baseline %.2f s (%.2fx)", cold.framework().path("seconds").asDouble(),
                cold.baseline().path("seconds").asDouble(), cold.ratio()));
        return new Result(name(), params, warm.baseline(), warm.framework(), warm.ratio(),
                "framework seconds / raw seconds (lower is better), second round", "<= 1.0x baseline time, "
                + "spread <= ±20 %", warm.met(),
                String.format("%.2f s (%.1fk claims/s)", warm.baseline().path("seconds").asDouble(),
                        warm.baseline().path("claims_per_second").asDouble() / 1e3),
                String.format("%.2f s, spread ±%.0f%% (cold %.2fx)", warm.framework().path("seconds").asDouble(),
                        warm.spread() * 100, cold.ratio()), notes);
    }

    private Round round(Context ctx, int tasks, String suffix, String label) {
        int inFlight = NODES * CLAIMS_IN_FLIGHT;
        Progress progress = ctx.progress();
        RawEtcd.Rate raw;
        long rawCpu0;
        long rawCpu1;
        long rawJvm0;
        long rawJvm1;
        try (Client client = ctx.etcd().connect()) {
            progress.phase(label + "raw claims, one per txn, " + inFlight + " in flight");
            rawCpu0 = ctx.etcd().cpuNanos();
            rawJvm0 = Machine.processCpuNanos();
            raw = new RawEtcd(client, "/bench-raw-claims" + suffix + "/", ctx.timeout()).claims(tasks, inFlight,
                    progress);
            rawCpu1 = ctx.etcd().cpuNanos();
            rawJvm1 = Machine.processCpuNanos();
        }
        ObjectNode baseline = Json.object();
        baseline.put("claimed", raw.ops());
        Stats.put(baseline, "seconds", raw.seconds());
        Stats.put(baseline, "claims_per_second", raw.perSecond());
        raw.txnLatency().putInto(baseline, "txn");
        baseline.put("errors", raw.errors());
        if (rawCpu0 >= 0 && rawCpu1 >= rawCpu0) {
            Stats.put(baseline, "etcd_cpu_s", (rawCpu1 - rawCpu0) / 1e9);
        }
        if (rawJvm0 >= 0 && rawJvm1 >= rawJvm0) {
            Stats.put(baseline, "jvm_cpu_s", (rawJvm1 - rawJvm0) / 1e9);
        }

        ObjectNode framework = Json.object();
        double seconds;
        double spread;
        try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-claim-storm" + suffix,
                EtcdCoordinatorSettings.defaults(), progress)) {
            progress.phase(label + "framework: submit " + tasks + " tasks");
            group.submit(tasks, 16);
            FirstRun runs = new FirstRun();
            List<Node> nodes = group.engines(NODES, new BenchHandler(false), runs);
            progress.phase(label + "framework: " + NODES + " consumer nodes start together");
            long proposals0 = ctx.etcd().proposalsCommitted();
            long etcdCpu0 = ctx.etcd().cpuNanos();
            long jvmCpu0 = Machine.processCpuNanos();
            long t0 = System.nanoTime();
            group.startTogether(nodes);
            Stats.put(framework, "nodes_started_s", (System.nanoTime() - t0) / 1e9);
            boolean all = group.await(() -> runs.running() >= tasks, Duration.ofSeconds(ctx.quick() ? 120 : 600),
                    () -> runs.running() + "/" + tasks + " running");
            seconds = ((all ? runs.lastNanos() : System.nanoTime()) - t0) / 1e9;
            long proposals1 = ctx.etcd().proposalsCommitted();
            long etcdCpu1 = ctx.etcd().cpuNanos();
            long jvmCpu1 = Machine.processCpuNanos();
            if (proposals0 >= 0 && proposals1 >= proposals0) {
                framework.put("etcd_write_txns", proposals1 - proposals0); // claims (won or lost) + first writes
            }
            if (etcdCpu0 >= 0 && etcdCpu1 >= etcdCpu0) {
                Stats.put(framework, "etcd_cpu_s", (etcdCpu1 - etcdCpu0) / 1e9);
            }
            if (jvmCpu0 >= 0 && jvmCpu1 >= jvmCpu0) {
                Stats.put(framework, "jvm_cpu_s", (jvmCpu1 - jvmCpu0) / 1e9); // incl. the JIT compiler's threads
            }
            framework.put("all_running", all);
            framework.put("running", runs.running());
            Stats.put(framework, "seconds", seconds);
            Stats.put(framework, "first_claim_s", since(t0, runs.firstClaimNanos()));
            Stats.put(framework, "first_running_s", since(t0, runs.firstRunNanos()));
            Stats.put(framework, "last_claim_s", since(t0, runs.lastClaimNanos()));
            Stats.put(framework, "tasks_per_second", runs.running() / seconds);
            ObjectNode perNode = framework.putObject("claimed_per_node");
            double mean = (double) tasks / NODES;
            double worst = 0;
            for (Node n : nodes) {
                perNode.put(n.name(), n.claimed());
                worst = Math.max(worst, Math.abs(n.claimed() - mean) / mean);
            }
            spread = worst;
            Stats.put(framework, "spread_max_deviation_pct", spread * 100);
        }
        return new Round(baseline, framework, seconds / Math.max(1e-9, raw.seconds()), spread);
    }

    /** Seconds from {@code t0} to {@code nanos}; NaN if it never happened (0). */
    private static double since(long t0, long nanos) {
        return nanos == 0 ? Double.NaN : (nanos - t0) / 1e9;
    }
}
