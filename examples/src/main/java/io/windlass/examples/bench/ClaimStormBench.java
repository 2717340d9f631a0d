package io.windlass.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.Client;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.examples.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code claim-storm}: M freshly submitted tasks, three consumer nodes starting together → time until every task is claimed
 * and running (its first fenced write stored), and the spread per node. Baseline: raw claim txns, one per txn, for M
 * keys at the same concurrency (3 x 64 in flight). Target: framework time <= 1.0x baseline; spread within ±20 % of
 * the mean.
 */
final class ClaimStormBench implements Benchmark {
    static final int NODES = 3;
    static final int CLAIMS_IN_FLIGHT = 64;

    @Override
    public String name() {
        return "claim-storm";
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pick(200, 2000, 10_000);
        int inFlight = NODES * CLAIMS_IN_FLIGHT;
        ObjectNode params = Json.object().put("tasks", tasks).put("nodes", NODES)
                .put("claims_in_flight_per_node", CLAIMS_IN_FLIGHT).put("baseline_in_flight", inFlight);
        Progress progress = ctx.progress();

        RawEtcd.Rate raw;
        try (Client client = ctx.etcd().connect()) {
            progress.phase("raw claims, one per txn, " + inFlight + " in flight");
            raw = new RawEtcd(client, "/bench-raw-claims/", ctx.timeout()).claims(tasks, inFlight, progress);
        }
        ObjectNode baseline = Json.object();
        baseline.put("claimed", raw.ops());
        Stats.put(baseline, "seconds", raw.seconds());
        Stats.put(baseline, "claims_per_second", raw.perSecond());
        raw.txnLatency().putInto(baseline, "txn");
        baseline.put("errors", raw.errors());

        ObjectNode framework = Json.object();
        double seconds;
        double spread;
        try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-claim-storm", EtcdCoordinatorSettings.defaults(),
                progress)) {
            progress.phase("framework: submit " + tasks + " tasks");
            group.submit(tasks, 16);
            FirstRun runs = new FirstRun();
            List<Node> nodes = group.engines(NODES, new BenchHandler(false), runs);
            progress.phase("framework: " + NODES + " consumer nodes start together");
            long proposals0 = ctx.etcd().proposalsCommitted();
            long t0 = System.nanoTime();
            group.startTogether(nodes);
            boolean all = group.await(() -> runs.running() >= tasks, Duration.ofSeconds(ctx.quick() ? 120 : 600),
                    () -> runs.running() + "/" + tasks + " running");
            seconds = ((all ? runs.lastNanos() : System.nanoTime()) - t0) / 1e9;
            long proposals1 = ctx.etcd().proposalsCommitted();
            if (proposals0 >= 0 && proposals1 >= proposals0) {
                framework.put("etcd_write_txns", proposals1 - proposals0); // claims (won or lost) + first writes
            }
            framework.put("all_running", all);
            framework.put("running", runs.running());
            Stats.put(framework, "seconds", seconds);
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
        double ratio = seconds / Math.max(1e-9, raw.seconds());
        boolean met = ratio <= 1.0 && spread <= 0.20;
        List<String> notes = new ArrayList<>();
        notes.add("consumer engine defaults: FairBalancer, claim delay 1 ms per owned task (max 250 ms)");
        return new Result(name(), params, baseline, framework, ratio, "framework seconds / raw seconds (lower is better)",
                "<= 1.0x baseline time, spread <= ±20 %", met,
                String.format("%.2f s (%.1fk claims/s)", raw.seconds(), raw.perSecond() / 1e3),
                String.format("%.2f s, spread ±%.0f%%", seconds, spread * 100), notes);
    }
}
