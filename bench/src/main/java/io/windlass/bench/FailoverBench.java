package io.windlass.bench;

import java.nio.file.Path;
import java.nio.file.Files;
import java.io.IOException;
import io.windlass.cli.WindlassCli;
import io.windlass.launcher.WorkerProcess;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.windlass.etcd.EtcdCoordinatorSettings;
import io.windlass.cli.support.Json;
import io.windlass.examples.handlers.ForeverProps;
import io.windlass.examples.handlers.ExampleHandlers;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code failover}: worker process A ({@code windlass worker}, a separate JVM) holds every task (sleeping); consumer
 * nodes B and C (in this JVM) hold none. A is killed with SIGKILL (no release, no lease revoke) (like kill -9: no release, no lease revoke, keep-alives stop). Measured:
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
             WorkerProcess a = startWorker(ctx.etcd().endpoint(), group.namespace(), "node-a", ttl)) {
            progress.phase("framework: worker process A starts; submit " + tasks + " sleeping tasks");
            group.forEachTask(tasks, 16, "submitted", (client, i) -> client.submit("t-" + i, ForeverProps.TYPE,
                    Json.object().put("interval", "1h")));
            if (!group.await(() -> group.storedClaims() >= tasks || !a.isAlive(), Duration.ofSeconds(300),
                    () -> "A holds " + group.storedClaims() + "/" + tasks)) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "failover: worker A did not claim all tasks; "
                        + "its log:\n" + a.tail(20));
            }
            if (!a.isAlive()) {
                throw new WindlassException(ErrorCode.UNAVAILABLE, "failover: worker A exited:\n" + a.tail(20));
            }
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
            List<Node> others = List.of(group.engine("node-b", ExampleHandlers.registry(), survivor),
                    group.engine("node-c", ExampleHandlers.registry(), survivor));
            group.startTogether(others);
            NodeGroup.sleepQuietly(500); // let B and C settle into their watches
            Stats expired = new Stats(tasks);
            boolean all;
            try (Client watching = ctx.etcd().connect();
                 Watch.Watcher claimsGone = watchDeletes(watching, "/" + group.namespace() + "/claims/", expired,
                         killedAt)) {
                progress.phase("framework: kill -9 worker A");
                killedAt.set(System.nanoTime());
                a.kill();
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
        notes.add("A is a separate `windlass worker` JVM (example handlers, tasks of type forever sleeping 1 h), "
                + "killed with SIGKILL; B and C are consumer nodes in the benchmark JVM");
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

    /** {@code windlass worker} (the example handlers) as a separate JVM on this JVM's class path. */
    private static WorkerProcess startWorker(String etcd, String namespace, String node, Duration leaseTtl) {
        try {
            Path logs = Files.createTempDirectory("windlass-bench-worker-");
            return WorkerProcess.start(node, WorkerProcess.javaCommand(List.of("-Xmx512m"),
                    System.getProperty("java.class.path"), WindlassCli.class.getName(), List.of("worker", "--etcd",
                            etcd, "--namespace", namespace, "--node", node, "--lease-ttl", leaseTtl.toSeconds() + "s",
                            "--timeout", "20s")),
                    logs);
        } catch (IOException e) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "cannot start a worker process: " + e, e);
        }
    }
}
