package io.windlass.systemtests.fault;

import io.windlass.launcher.WorkerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.testing.etcd.EtcdExtension;
import io.windlass.launcher.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promises 2, 3 and 8 (docs/guarantees.md): a worker frozen (SIGSTOP) or cut off (silent partition through a {@link
 * FaultProxy}) for longer than its lease loses its tasks to another node, every write it then attempts is refused by
 * the fence guard, it stops those tasks locally and rejoins; short connection flaps (&lt; TTL/3) change nothing.
 */
@Tag("fault")
class PartitionFaultIT {
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration INTERVAL = Duration.ofMillis(200);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    private Cluster cluster;

    /** w1 (via {@code w1Endpoint}) owns 30 counters; w2 runs too, owning none. */
    private List<String> w1OwnsEverything(String ns, String w1Endpoint, int tasks, int steps, Duration interval) {
        // a request timeout longer than any outage here: writes held by a partition reach etcd when it heals and
        // are judged by the fence guard (instead of timing out on the client first)
        cluster = workers.open(ETCD.endpoints(), ns, TTL, "--balance-interval", "10m", "--timeout", "30s");
        workers.start("w1", w1Endpoint);
        List<String> ids = cluster.submitCounters("p", tasks, steps, interval.toMillis() + "ms");
        cluster.awaitOwnedBy("w1", ids, Duration.ofSeconds(60), workers);
        workers.start("w2");
        cluster.awaitNodes(Set.of("w2"), Duration.ofSeconds(60), workers);
        cluster.awaitSteps(ids, 2, Duration.ofSeconds(30), workers);
        return ids;
    }

    /** Versions of {@code ids} written by {@code stale} after another node's first write to the same task. */
    private static List<String> staleWrites(FencingLedger ledger, List<String> ids, String stale) {
        List<String> out = new java.util.ArrayList<>();
        for (String id : ids) {
            boolean takenOver = false;
            for (StateEntry e : ledger.history(id)) {
                takenOver |= !e.node().isEmpty() && !e.node().equals(stale);
                if (takenOver && e.node().equals(stale)) {
                    out.add(id + " " + e);
                }
            }
        }
        return out;
    }

    /** After w1 came back: it rejoined (node key again), claims new work, and everything completes correctly. */
    private void afterReturn(List<String> ids) {
        cluster.awaitNodes(Set.of("w1"), Duration.ofSeconds(30), workers);
        // each new task goes first to its preferred claimer (rendezvous hashing over the live nodes): about half of
        // ten prefer w1, which owns nothing now. 30 steps (6 s) keep them running long enough for a w1 still busy
        // recovering to claim its share; the old 200 steps (40 s each) only made the test wait for their completion
        List<String> fresh = cluster.submitCounters("n", 10, 30, "200ms");
        Await.until("w1 claims new work after rejoining", Duration.ofSeconds(45),
                () -> WorkerLog.of(workers.get("w1")).transitions().stream().anyMatch(t -> t.task().startsWith("n")),
                () -> workers.tails(20));
        List<String> all = new java.util.ArrayList<>(ids);
        all.addAll(fresh);
        cluster.awaitCodes(all, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
        assertThat(workers.get("w1").isAlive()).isTrue();
    }

    /**
     * A GC-like pause of 2 x TTL. The worker talks to etcd through a proxy that holds its in-flight writes at the
     * moment of the pause (blackholed just before SIGSTOP, healed before SIGCONT): those writes reach etcd after
     * another node took over and must be refused by the fence guard. On waking, the worker's local deadline has passed:
     * it fences all its tasks at once and sends nothing new for them (no transition stored after its lease expired).
     */
    @Test
    void pausedWorkerLosesItsTasksItsWritesAreRefusedAndItRejoins() {
        FaultProxy proxy = workers.proxyTo(ETCD.endpoints().get(0));
        List<String> ids = w1OwnsEverything("pause", proxy.endpoint(), 50, 100, Duration.ofMillis(100));
        WorkerProcess w1 = workers.get("w1");
        proxy.blackhole();
        w1.pause();
        long paused = System.nanoTime();
        cluster.awaitOwnedBy("w2", ids, TakeoverBound.bound(TTL, INTERVAL, false).plusSeconds(2), workers);
        Await.until("2 x TTL passed", TTL.multipliedBy(3), () -> Await.since(paused).compareTo(TTL.multipliedBy(2)) >= 0);
        proxy.heal();
        w1.resume();

        Await.until("w1 stopped all its tasks locally", Duration.ofSeconds(30),
                () -> WorkerLog.of(w1).claimsLost().size() >= ids.size(), () -> w1.tail(30));
        Await.until("the writes in flight at the pause are refused by the fence guard", Duration.ofSeconds(20),
                () -> !WorkerLog.of(w1).rejectedWrites().isEmpty(), () -> w1.tail(30));
        WorkerLog log = WorkerLog.of(w1);
        System.out.println("SIGSTOP: w1 rejected writes=" + log.rejectedWrites().size() + " claim-lost="
                + log.claimsLost().size());
        // (w1 may still log, late, transitions etcd had stored before the pause: their answers were held too)
        assertThat(staleWrites(cluster.ledger(), ids, "w1")).as("versions w1 stored after another node took over")
                .isEmpty();
        afterReturn(ids);
    }

    @Test
    void cutOffWorkerStopsByItsLocalDeadlineLosesItsTasksAndRejoins() {
        FaultProxy proxy = workers.proxyTo(ETCD.endpoints().get(0));
        List<String> ids = w1OwnsEverything("cut", proxy.endpoint(), 30, 80, INTERVAL);
        WorkerProcess w1 = workers.get("w1");
        Instant cutAt = Instant.now();
        proxy.blackhole();
        // (a cold worker JVM on a loaded machine may have lost a lease at start-up: only a loss after the cut counts)
        Await.until("w1 declares its lease lost while cut off", TTL.plusSeconds(5),
                () -> w1.timesOf("lease", "lost").stream().anyMatch(t -> !t.isBefore(cutAt)), () -> w1.tail(30));
        Instant lostAt = w1.timesOf("lease", "lost").stream().filter(t -> !t.isBefore(cutAt)).findFirst()
                .orElseThrow();
        cluster.awaitOwnedBy("w2", ids, TakeoverBound.bound(TTL, INTERVAL, false).plusSeconds(2), workers);
        Await.until("w1 stopped all tasks locally while still cut off", Duration.ofSeconds(10),
                () -> WorkerLog.of(w1).claimsLost().size() >= ids.size(), () -> w1.tail(30));
        Instant stoppedAt = w1.timesOf("claim-lost").stream().max(Instant::compareTo).orElseThrow();
        proxy.heal();
        Await.until("the writes held by the partition are refused by the fence guard", Duration.ofSeconds(20),
                () -> !WorkerLog.of(w1).rejectedWrites().isEmpty(), () -> w1.tail(30));

        System.out.println("cut: lease lost after " + Duration.between(cutAt, lostAt) + ", all stopped after "
                + Duration.between(cutAt, stoppedAt) + "; rejected writes=" + WorkerLog.of(w1).rejectedWrites().size());
        // the local deadline: the last answered keep-alive was sent at most TTL/3 before the cut, so the lease is
        // known lost at most TTL after the cut (plus one keep-alive check period and scheduling)
        assertThat(Duration.between(cutAt, lostAt)).isLessThanOrEqualTo(TTL.plusSeconds(1));
        assertThat(Duration.between(cutAt, stoppedAt)).isLessThanOrEqualTo(TTL.plusSeconds(2));
        assertThat(staleWrites(cluster.ledger(), ids, "w1")).as("versions w1 stored after another node took over")
                .isEmpty();
        afterReturn(ids);
    }

    @Test
    void shortFlapsChangeNoOwnerAndDuplicateNoStep() {
        FaultProxy proxy = workers.proxyTo(ETCD.endpoints().get(0));
        List<String> ids = w1OwnsEverything("flap", proxy.endpoint(), 30, 40, INTERVAL);
        Instant flapsFrom = Instant.now();
        Map<String, String> before = new HashMap<>(cluster.owners());
        Duration flap = TTL.dividedBy(4); // < TTL/3
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            proxy.blackhole();
            Await.until("flap " + i, flap.plusSeconds(1), () -> Await.since(start).compareTo(flap) >= 0);
            proxy.heal();
            long healed = System.nanoTime();
            Await.until("recovered " + i, Duration.ofSeconds(3), () -> Await.since(healed).compareTo(TTL) >= 0);
        }
        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        for (String id : ids) {
            assertThat(ledger.history(id).stream().filter(e -> e.fence() > 0 && e.updated().isAfter(flapsFrom))
                    .map(StateEntry::node).distinct())
                    .as(id + " writers").containsExactly(before.get(id));
            assertThat(ledger.steps(id)).isEqualTo(40);
        }
        // (a cold worker JVM on a loaded machine may lose its very first lease at start-up, before the flaps: the
        // claims made then are re-made before the owner snapshot above, so only the flap window counts)
        assertThat(workers.get("w1").timesOf("lease", "lost").stream().filter(t -> t.isAfter(flapsFrom)).toList())
                .as("w1 lost its lease during flaps").isEmpty();
        // (a task whose own finishing write deletes its claim may be logged as claim-lost when the watch event
        // overtakes the write's answer; the writers check above proves no other node ever wrote it)
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }
}
