package io.windlass.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.examples.support.Json;
import io.windlass.testing.etcd.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code failover}: consumer node A holds every task (sleeping); B and C hold none. A "dies" abruptly: a TCP proxy
 * between A and etcd resets every connection and A's consumer is stopped at once ({@code shutdownNow}) (like kill -9: no release, no lease revoke, keep-alives stop). Measured:
 * time from the kill until each task runs elsewhere (claimed by B's or C's consumer, its runner started), p50/p99/max,
 * and, to tell etcd's share from ours, when a separate watcher saw each of A's claims deleted (lease expiry).
 * Baseline: raw etcd, a lease of the same TTL holding as many keys, never kept alive: time from its grant until a
 * watcher saw every key deleted (the floor set by the TTL and etcd's expiry). Target: max <= TTL + 2 s.
 */
final class FailoverBench implements Benchmark {
    @Override
    public String name() {
        return "failover";
    }

    @Override
    public Result run(Context ctx) {
        int tasks = ctx.pick(50, 300, 1000);
        Duration ttl = ctx.seconds(2, 3, 5);
        ObjectNode params = Json.object().put("tasks", tasks).put("nodes", 3).put("lease_ttl_s", ttl.toSeconds());
        Progress progress = ctx.progress();

        progress.phase("baseline: lease of " + ttl.toSeconds() + " s with " + tasks + " keys expires");
        double rawSeconds = rawExpiry(ctx, tasks, ttl);
        ObjectNode baseline = Json.object();
        Stats.put(baseline, "expiry_seen_s", rawSeconds);

        ObjectNode framework = Json.object();
        Stats moved = new Stats(tasks);
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger movedCount = new AtomicInteger();
        EtcdCoordinatorSettings settings = EtcdCoordinatorSettings.defaults().withLeaseTtl(ttl);
        try (NodeGroup group = new NodeGroup(ctx.etcd(), "bench-failover", settings, progress);
             FaultProxy proxy = FaultProxy.start(ctx.etcd().endpoint())) {
            progress.phase("framework: submit " + tasks + " tasks; node A claims them all");
            group.submit(tasks, 16);
            BenchHandler idle = new BenchHandler(false);
            FirstRun onA = new FirstRun();
            Node a = group.engine("node-a", proxy.endpoint(), idle, onA);
            group.startTogether(List.of(a));
            group.await(() -> onA.running() >= tasks, Duration.ofSeconds(300),
                    () -> onA.running() + "/" + tasks + " running on A");
            Tracker survivor = new Tracker() {
                @Override
                public void claimed(String node, String taskId) {
                    long at = killedAt.get();
                    long now = System.nanoTime();
                    if (now > at) {
                        moved.add(now - at);
                        movedCount.incrementAndGet();
                    }
                }
            };
            List<Node> others = List.of(group.engine("node-b", idle, survivor), group.engine("node-c", idle, survivor));
            group.startTogether(others);
            NodeGroup.sleepQuietly(500); // let B and C settle into their watches
            Stats expired = new Stats(tasks);
            boolean all;
            try (Client watching = ctx.etcd().connect();
                 Watch.Watcher claimsGone = watchDeletes(watching, "/bench-failover/claims/", expired, killedAt)) {
                progress.phase("framework: kill A (connections reset, no release)");
                killedAt.set(System.nanoTime());
                proxy.cut();
                a.die();
                all = group.await(() -> movedCount.get() >= tasks, ttl.plusSeconds(60),
                        () -> movedCount.get() + "/" + tasks + " moved");
            }
            expired.putInto(framework, "claim_deleted");
            framework.put("all_moved", all);
            framework.put("moved", movedCount.get());
            moved.putInto(framework, "failover");
            ObjectNode perNode = framework.putObject("claimed_per_node");
            others.forEach(n -> perNode.put(n.name(), n.claimed()));
        }
        double max = moved.percentileMillis(100) / 1e3;
        double limit = ttl.toSeconds() + 2.0;
        boolean met = movedCount.get() >= tasks && max <= limit;
        List<String> notes = new ArrayList<>();
        notes.add("A is cut off by a TCP proxy resetting its connections (in-JVM stand-in for kill -9)");
        return new Result(name(), params, baseline, framework, max / Math.max(1e-9, rawSeconds),
                "framework max failover / raw lease expiry seen", "max <= lease TTL + 2 s (" + limit + " s)", met,
                String.format("lease expiry seen after %.2f s", rawSeconds),
                String.format("p50 %.2f / p99 %.2f / max %.2f s", moved.percentileMillis(50) / 1e3,
                        moved.percentileMillis(99) / 1e3, max), notes);
    }

    /** A watcher that adds (now - since) for every DELETE under {@code prefix} to {@code into}. */
    private static Watch.Watcher watchDeletes(Client client, String prefix, Stats into, AtomicLong since) {
        return client.getWatchClient().watch(ByteSequence.from(prefix, StandardCharsets.UTF_8),
                WatchOption.builder().isPrefix(true).build(), response -> {
                    long now = System.nanoTime();
                    for (WatchEvent e : response.getEvents()) {
                        if (e.getEventType() == WatchEvent.EventType.DELETE && now > since.get()) {
                            into.add(now - since.get());
                        }
                    }
                });
    }

    /** Seconds from granting a lease (never kept alive) with {@code keys} keys until a watcher saw all deleted. */
    private static double rawExpiry(Context ctx, int keys, Duration ttl) {
        String prefix = "/bench-raw-failover/";
        ByteSequence root = ByteSequence.from(prefix, StandardCharsets.UTF_8);
        AtomicInteger deleted = new AtomicInteger();
        try (Client client = ctx.etcd().connect();
             Watch.Watcher watcher = client.getWatchClient().watch(root,
                     WatchOption.builder().isPrefix(true).build(), response -> {
                         for (WatchEvent e : response.getEvents()) {
                             if (e.getEventType() == WatchEvent.EventType.DELETE) {
                                 deleted.incrementAndGet();
                             }
                         }
                     })) {
            long granted = System.nanoTime();
            long lease = client.getLeaseClient().grant(ttl.toSeconds()).get(10, TimeUnit.SECONDS).getID();
            PutOption onLease = PutOption.builder().withLeaseId(lease).build();
            for (int from = 0; from < keys; from += 64) {
                List<io.etcd.jetcd.op.Op> ops = new ArrayList<>();
                for (int i = from; i < Math.min(keys, from + 64); i++) {
                    ops.add(io.etcd.jetcd.op.Op.put(ByteSequence.from(prefix + "t-" + i, StandardCharsets.UTF_8),
                            ByteSequence.from("x", StandardCharsets.UTF_8), onLease));
                }
                client.getKVClient().txn().Then(ops.toArray(io.etcd.jetcd.op.Op[]::new)).commit()
                        .get(10, TimeUnit.SECONDS);
            }
            long deadline = granted + ttl.toNanos() + Duration.ofSeconds(30).toNanos();
            while (deleted.get() < keys && System.nanoTime() < deadline) {
                NodeGroup.sleepQuietly(10);
            }
            return (System.nanoTime() - granted) / 1e9;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.windlass.statemachine.WindlassException(io.windlass.statemachine.ErrorCode.UNAVAILABLE,
                    "interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new io.windlass.statemachine.WindlassException(io.windlass.statemachine.ErrorCode.UNAVAILABLE,
                    "raw lease expiry failed: " + e, e);
        }
    }
}
