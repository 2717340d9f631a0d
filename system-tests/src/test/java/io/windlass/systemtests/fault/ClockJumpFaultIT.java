package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.KeyValue;
import io.windlass.testing.etcd.EtcdExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee C4 (docs/guarantees.md): a worker's wall clock jumps ±1 h (libfaketime, {@link FakeClock}) while it
 * holds tasks. Leases and fences do not move: the keep-alive's deadline runs on {@code System.nanoTime()} and fences
 * are etcd revisions, so the node keeps its registration (same create revision, same lease) and every task keeps its
 * one owner and fence. Sleeping tasks wake by their stored {@code until} as the node's clock reads it
 * ({@code TaskScheduler.system()}: a timer never fires before its instant, even if the wall clock is adjusted, and
 * re-reads the clock at least once a second): after a jump forward the tasks it made due wake at once; after a jump
 * back, tasks whose {@code until} was written before it sleep on until the clock reaches it, and wake within seconds
 * once the clock is corrected. No wake-up is ever stamped (by the waking node's clock) before its {@code until}.
 */
@Tag("fault")
class ClockJumpFaultIT {
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration JUMP = Duration.ofHours(1);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.builder().build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    private Cluster cluster;
    private FakeClock clock;
    /** Task id → steps it must end with. */
    private final Map<String, Integer> steps = new java.util.HashMap<>();

    /**
     * w1, on a fake clock, owns {@code fast} counters ({@code fastSteps} steps, {@code fastInterval} sleeps) and
     * {@code slow} ones (two steps, one 20 s sleep).
     */
    private List<String> w1OnAFakeClockOwns(String ns, int fast, int fastSteps, String fastInterval, int slow) {
        // the default request timeout (5 s): a cold worker JVM's first lease grant took > 3 s on a loaded machine
        cluster = workers.open(ETCD.endpoints(), ns, TTL, "--balance-interval", "10m");
        clock = FakeClock.in(Path.of("target", "faketime", ns));
        cluster.startRegistered("w1", () -> workers.start("w1", ETCD.endpoints().get(0), clock.environment()),
                workers);
        List<String> ids = new ArrayList<>(cluster.submitCounters("c", fast, fastSteps, fastInterval));
        ids.forEach(id -> steps.put(id, fastSteps));
        List<String> slowIds = cluster.submitCounters("s", slow, 2, "20s");
        slowIds.forEach(id -> steps.put(id, 2));
        ids.addAll(slowIds);
        cluster.awaitOwnedBy("w1", ids, Duration.ofSeconds(60), workers);
        cluster.awaitSteps(ids, 1, Duration.ofSeconds(30), workers);
        return ids;
    }

    /**
     * Jumps w1's wall clock to {@code offset} and waits until w1 stores a state stamped with it; returns the real time
     * of that stamp (w1 had read the new offset by then). The stamp is read from
     * probe tasks (one step each) submitted after the jump: w1's own tasks may all be asleep then (after a jump back
     * they sleep on), and a probe written before libfaketime re-read the offset is followed by another.
     */
    private Instant jumpAndAwaitSeen(Duration offset) {
        clock.jump(offset);
        int[] probes = {0};
        Instant[] seen = {null};
        Await.until("w1 writes with its clock at " + offset, Duration.ofSeconds(30), () -> {
            String id = cluster.submitCounters("j" + probes[0]++ + "-", 1, 1, "100ms").get(0);
            steps.put(id, 1);
            StateEntry[] e = {null};
            if (!Await.within(Duration.ofSeconds(5), () -> (e[0] = state(id)).node().equals("w1"))) {
                return false;
            }
            seen[0] = e[0].updated().minus(offset);
            return isOn(e[0].updated(), offset); // else stamped before the new offset was read: probe again
        }, () -> workers.tails(15));
        return seen[0];
    }

    /** True when {@code t} lies on the timeline shifted by {@code offset} from now (within 10 min). */
    private static boolean isOn(Instant t, Duration offset) {
        return Duration.between(Instant.now().plus(offset), t).abs().compareTo(Duration.ofMinutes(10)) < 0;
    }

    private StateEntry state(String id) {
        return cluster.probe.get(cluster.probe.key("state", id)).map(StateEntry::of).orElseThrow();
    }

    /** The registration of {@code node}: create revision and lease id. */
    private List<Long> registration(String node) {
        KeyValue kv = cluster.probe.get(cluster.probe.key("nodes", node)).orElseThrow(
                () -> new AssertionError(node + " is not registered"));
        return List.of(kv.getCreateRevision(), kv.getLease());
    }

    /** Completes, the ledger holds, and every task was written by w1 under one fence; w1 kept its registration. */
    private void assertOwnersAndLeaseUnmoved(List<String> ids, List<Long> registrationBefore) {
        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        for (String id : ids) {
            assertThat(ledger.steps(id)).as(id).isEqualTo((long) steps.get(id));
            assertThat(ledger.history(id).stream().filter(e -> e.fence() > 0).map(e -> e.node() + "/" + e.fence())
                    .collect(Collectors.toSet())).as(id + ": owner/fence of every owner write").hasSize(1)
                    .allMatch(s -> s.startsWith("w1/"));
        }
        assertThat(wokenBeforeUntil(ledger, ids)).as("wake-ups stamped (by the waking node's clock) before the "
                + "stored until").isEmpty();
        assertThat(registration("w1")).as("w1's registration (create revision, lease)").isEqualTo(registrationBefore);
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    /** Versions that left SLEEPING (woken) stamped, by their writer's clock, before the stored until. */
    private static List<String> wokenBeforeUntil(FencingLedger ledger, List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            List<StateEntry> h = ledger.history(id);
            for (int i = 1; i < h.size(); i++) {
                StateEntry p = h.get(i - 1);
                StateEntry e = h.get(i);
                // (a wake stamped an hour before its until was fired just before the jump back and stamped after it)
                if ("SLEEPING".equals(p.code()) && "RUNNABLE".equals(e.code()) && e.updated().isBefore(p.until())
                        && Duration.between(e.updated(), p.until()).compareTo(Duration.ofMinutes(30)) < 0) {
                    out.add(id + ": " + p + " until " + p.until() + " woken at " + e.updated());
                }
            }
        }
        return out;
    }

    @Test
    void wallClockJumpedForwardKeepsLeaseAndFencesAndWakesSleepersByTheNodesClock() {
        List<String> ids = w1OnAFakeClockOwns("jumpfwd", 20, 60, "300ms", 3);
        List<Long> registration = registration("w1");
        List<String> slow = ids.stream().filter(id -> id.startsWith("s")).toList();
        Map<String, StateEntry> asleep = slow.stream().collect(Collectors.toMap(id -> id, this::state));
        asleep.values().forEach(e -> assertThat(e.code()).as("slow task before the jump").isEqualTo("SLEEPING"));
        Instant firstUntil = asleep.values().stream().map(StateEntry::until).min(Instant::compareTo).orElseThrow();

        jumpAndAwaitSeen(JUMP);
        // w1's clock is now past the slow tasks' until (20 s ahead in real time): they are due by it and wake
        // within about a second (the timer re-reads the clock at least once a second), not 20 s later
        Await.until("the slow tasks woke by w1's clock", Duration.ofSeconds(15),
                () -> slow.stream().allMatch(id -> state(id).version() > asleep.get(id).version()),
                () -> workers.tails(15));
        assertThat(Instant.now()).as("woke before their until in real time (by the jumped clock)")
                .isBefore(firstUntil);
        assertOwnersAndLeaseUnmoved(ids, registration);
        FencingLedger ledger = cluster.ledger();
        assertThat(ids.stream().filter(id -> id.startsWith("c")).map(ledger::latest))
                .as("written on the jumped clock").allMatch(e -> isOn(e.updated(), JUMP));
    }

    @Test
    void wallClockJumpedBackKeepsLeaseAndFencesAndSleepersWakeByTheirStoredUntil() {
        // + 4 slow tasks (one 20 s sleep): on a loaded machine seeing the jump can take longer than the fast tasks'
        // sleeps, and then no task would be asleep across it (the test would be inconclusive)
        List<String> ids = w1OnAFakeClockOwns("jumpback", 20, 6, "4s", 4);
        List<Long> registration = registration("w1");

        Instant seen = jumpAndAwaitSeen(JUMP.negated());
        long jumped = System.nanoTime();
        // tasks whose until was written before the jump (on the real timeline) and lies after w1 had read the new
        // offset (so their timer cannot have fired before it): w1's clock is an hour short of it
        Map<String, StateEntry> before = ids.stream().collect(Collectors.toMap(id -> id, this::state));
        List<String> acrossJump = ids.stream().filter(id -> before.get(id).until() != null
                && isOn(before.get(id).until(), Duration.ZERO) && before.get(id).until().isAfter(seen)).toList();
        assertThat(acrossJump).as("tasks asleep across the jump (else inconclusive)").isNotEmpty();
        Instant lastUntil = acrossJump.stream().map(id -> before.get(id).until()).max(Instant::compareTo)
                .orElseThrow();
        Await.until("3 s past every such until", Duration.ofSeconds(40),
                () -> Instant.now().isAfter(lastUntil.plusSeconds(3)) && Await.since(jumped).toSeconds() >= 3);
        acrossJump.forEach(id -> assertThat(state(id).version())
                .as(id + " woke before w1's clock reached its until").isEqualTo(before.get(id).version()));

        clock.jump(Duration.ZERO); // the clock is corrected: every stored until is past now
        Await.until("the sleepers woke after the correction", Duration.ofSeconds(15),
                () -> acrossJump.stream().allMatch(id -> state(id).version() > before.get(id).version()),
                () -> "still asleep: " + acrossJump.stream().filter(id -> state(id).version()
                        == before.get(id).version()).toList() + "\n" + workers.tails(15));
        assertOwnersAndLeaseUnmoved(ids, registration);
    }
}
