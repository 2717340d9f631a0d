package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantees C1 and C3 (docs/guarantees.md) on a 3-member etcd cluster with worker processes: the etcd leader frozen
 * (SIGSTOP) for 3× the election timeout during a transition storm, and the takeover bound when etcd changes leader
 * inside the takeover window of a killed worker ({@link TakeoverBound#bound} with {@code leaderChanged = true}).
 */
@Tag("fault")
class EtcdLeaderFaultIT {
    static final Duration TTL = Duration.ofSeconds(2);
    /** The launcher starts every member with {@code --election-timeout=100} (ms). */
    static final Duration ELECTION_TIMEOUT = Duration.ofMillis(100);
    /** Steps of each storm task (every 100 ms): long enough for two freezes on a loaded machine. */
    static final int STORM_STEPS = 150;

    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().members(3).build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    /**
     * C1: 60 tasks stepping every 100 ms on two workers; twice, the current leader is frozen until the other
     * members have elected a new one and at least 3× the election timeout passed, then thawed (it rejoins as a
     * follower). Both workers keep running, every task completes with each step stored exactly once, one owner each.
     */
    @Test
    void leaderFrozenForThreeElectionTimeoutsDuringAStormLosesAndRepeatsNothing() {
        Cluster cluster = workers.open(etcd.endpoints(), "freeze", TTL, "--balance-interval", "10m", "--timeout", "3s");
        cluster.startRegistered("w1", () -> workers.start("w1"), workers);
        cluster.startRegistered("w2", () -> workers.start("w2"), workers);
        List<String> ids = cluster.submitCounters("f", 60, STORM_STEPS, "100ms");
        cluster.awaitSteps(ids.subList(0, 10), 3, Duration.ofSeconds(60), workers);

        for (int round = 1; round <= 2; round++) {
            long progress = ids.stream().mapToLong(cluster::count).sum();
            assertThat(progress).as("round " + round + ": the storm is still on").isLessThan(60L * STORM_STEPS - 200);
            int leader = etcd.awaitLeader(Duration.ofSeconds(20));
            etcd.member(leader).pause();
            long frozen = System.nanoTime();
            // awaitLeader skips paused members: this returns once the others elected a leader among themselves
            int newLeader = etcd.awaitLeader(Duration.ofSeconds(20));
            Await.until("3 x election timeout with the leader frozen", Duration.ofSeconds(5),
                    () -> Await.since(frozen).compareTo(ELECTION_TIMEOUT.multipliedBy(3)) >= 0);
            Duration pausedFor = Await.since(frozen);
            etcd.member(leader).resume();
            assertThat(newLeader).as("round " + round + ": leader while m" + leader + " was frozen").isNotEqualTo(leader);
            System.out.println("leader freeze " + round + ": m" + leader + " frozen " + pausedFor.toMillis()
                    + " ms, new leader m" + newLeader);
            // the storm goes on through the new leader before the next freeze
            Await.until("round " + round + ": tasks progress after the freeze", Duration.ofSeconds(30),
                    () -> ids.stream().mapToLong(cluster::count).sum() >= progress + 100, () -> workers.tails(15));
        }

        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(120), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        ids.forEach(id -> assertThat(ledger.steps(id)).as(id).isEqualTo(STORM_STEPS));
        assertThat(workers.liveNodes()).as("both workers survived").containsExactly("w1", "w2");
        cluster.awaitNodes(Set.of("w1", "w2"), Duration.ofSeconds(10), workers);
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    /**
     * C3: w1 holds 40 tasks and is SIGKILLed; right after, the etcd leader is SIGKILLed too (a new leader refreshes
     * every lease, so w1's claims can outlive its death by one more TTL). Every task of w1 is written again by w2 or
     * w3 within {@code TakeoverBound.bound(TTL, interval, true)}; the ledger holds; nothing is lost.
     */
    @Test
    void takeoverWithALeaderChangeInTheWindowStaysWithinTheExtendedBound() {
        Duration interval = Duration.ofMillis(500);
        int steps = 50; // 25 s: w1 is killed while still running them (two worker starts), the rest is waiting
        // the default request timeout (5 s): the first lease grant of a cold worker JVM on a loaded machine took > 3 s
        Cluster cluster = workers.open(etcd.endpoints(), "tkleader", TTL, "--balance-interval", "10m");
        cluster.startRegistered("w1", () -> workers.start("w1"), workers);
        List<String> ids = cluster.submitCounters("t", 40, steps, interval.toMillis() + "ms");
        cluster.awaitOwnedBy("w1", ids, Duration.ofSeconds(60), workers);
        cluster.startRegistered("w2", () -> workers.start("w2"), workers);
        cluster.startRegistered("w3", () -> workers.start("w3"), workers);
        assertThat(cluster.owners().values()).as("w1 still owns everything").containsOnly("w1");
        assertThat(ids.stream().mapToLong(cluster::count).max().orElseThrow()).as("w1's tasks are still running")
                .isLessThan(steps - 5);
        int leader = etcd.awaitLeader(Duration.ofSeconds(20));

        Instant killedAt = Instant.now();
        workers.get("w1").kill();
        Instant leaderKilledAt = Instant.now();
        etcd.member(leader).kill();
        int newLeader = etcd.awaitLeader(Duration.ofSeconds(20));
        Instant newLeaderAt = Instant.now();
        assertThat(newLeader).isNotEqualTo(leader);
        etcd.member(leader).restart();

        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        ids.forEach(id -> assertThat(ledger.steps(id)).as(id).isEqualTo(steps));
        Map<String, Duration> delays = TakeoverBound.delays(ledger, ids, "w1", killedAt);
        Duration first = delays.values().stream().filter(d -> d != null).min(Duration::compareTo).orElseThrow();
        // the leader change happened inside the window: before any task of w1 was taken over
        assertThat(killedAt.plus(first)).as("first takeover").isAfter(leaderKilledAt);
        Duration bound = TakeoverBound.bound(TTL, interval, true);
        Duration worst = TakeoverBound.assertWithin(delays, bound);
        System.out.println("kill -9 + leader change: leader killed after " + Duration.between(killedAt, leaderKilledAt)
                .toMillis() + " ms, new leader after " + Duration.between(killedAt, newLeaderAt).toMillis()
                + " ms; takeovers " + first + " .. " + worst + " (bound " + bound + ")");
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }
}
