package io.windlass.systemtests.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.launcher.FaultProxy;
import io.windlass.testing.etcd.EtcdExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee C2 (docs/guarantees.md): one etcd member of three cut off from the workers. Each member has a
 * {@link FaultProxy}; the workers know only the three proxies. One proxy is blackholed (a silent partition: sockets
 * open, nothing forwarded) for many lease TTLs: the workers' calls and streams through it stall, the workers notice
 * (member probes, the hedged keep-alive, call deadlines) and go on through the two healthy members; every worker
 * stays registered; no task stalls longer than {@link #STALL_BOUND}; the ledger holds and every task completes.
 */
@Tag("fault")
class EtcdMemberIsolationFaultIT {
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration INTERVAL = Duration.ofMillis(200);
    static final Duration ISOLATION = Duration.ofSeconds(15);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
    /**
     * How long a task may stall while a member is cut off: the takeover bound (TTL + 5 s + interval = 7.2 s here). The
     * workers' etcd clients probe every member (every 500 ms, 1 s deadline: MemberProbingBalancer); the cut-off one
     * leaves their round robin and the calls open on it are cancelled, so a write in flight fails at once and is
     * retried (or resolved by re-reading) through a healthy member. Before the probes such writes waited until gRPC's
     * keep-alive closed the dead connection (measured 12.7–15.4 s).
     */
    static final Duration STALL_BOUND = TakeoverBound.bound(TTL, INTERVAL, false);

    @RegisterExtension
    final EtcdExtension etcd = EtcdExtension.builder().members(3).build();

    @RegisterExtension
    final WorkerFleet workers = new WorkerFleet();

    @Test
    void workersBehindAnIsolatedMemberMoveToHealthyOnesAndNoTaskStallsBeyondTheStallBound() {
        Cluster cluster = workers.open(etcd.endpoints(), "isolate", TTL, "--balance-interval", "10m",
                "--timeout", REQUEST_TIMEOUT.toSeconds() + "s");
        List<FaultProxy> proxies = etcd.endpoints().stream().map(workers::proxyTo).toList();
        String viaProxies = String.join(",", proxies.stream().map(FaultProxy::endpoint).toList());
        Set<String> nodes = Set.of("w1", "w2", "w3");
        new java.util.TreeSet<>(nodes).forEach(n -> cluster.startRegistered(n, () -> workers.start(n, viaProxies),
                workers));
        List<String> ids = cluster.submitCounters("i", 30, 120, INTERVAL.toMillis() + "ms");
        cluster.awaitSteps(ids, 3, Duration.ofSeconds(60), workers);

        // isolate the member the workers have the most connections to (each has a channel to every member)
        FaultProxy isolated = proxies.stream().max((a, b) -> Integer.compare(a.openConnections(),
                b.openConnections())).orElseThrow();
        Instant cutAt = Instant.now();
        isolated.blackhole();
        long cut = System.nanoTime();
        Await.until("isolated for " + ISOLATION, ISOLATION.plusSeconds(5),
                () -> Await.since(cut).compareTo(ISOLATION) >= 0);
        // still isolated: every worker kept (or regained) a live registration through a healthy member
        cluster.awaitNodes(nodes, Duration.ofSeconds(30), workers);
        Instant healAt = Instant.now();
        isolated.heal();

        cluster.awaitCodes(ids, Set.of("COMPLETED"), Duration.ofSeconds(90), workers);
        FencingLedger ledger = cluster.ledger();
        ledger.assertHolds();
        ids.forEach(id -> assertThat(ledger.steps(id)).as(id).isEqualTo(120));
        Duration bound = STALL_BOUND;
        TreeMap<String, Duration> gaps = new TreeMap<>();
        List<String> stalled = new ArrayList<>();
        for (String id : ids) {
            Duration gap = longestGap(ledger.history(id), cutAt, healAt);
            gaps.put(id, gap);
            if (gap.compareTo(bound) > 0) {
                stalled.add(id + "=" + gap + " " + ledger.history(id).stream()
                        .filter(e -> !e.updated().isBefore(cutAt.minus(bound)) && !e.updated().isAfter(healAt))
                        .map(e -> e.updated() + ":" + e.node()).toList());
            }
        }
        System.out.println("member isolation: longest stall " + gaps.values().stream().max(Duration::compareTo)
                .orElseThrow() + " (bound " + bound + "), lease losses " + workers.log().claimsLost().size()
                + " claim-lost lines, workers alive " + workers.liveNodes());
        assertThat(stalled).as("tasks stalled longer than " + bound + " while a member was isolated").isEmpty();
        assertThat(workers.liveNodes()).containsExactlyElementsOf(new java.util.TreeSet<>(nodes));
        Completeness.assertComplete(cluster.probe, cluster.expected, workers.liveNodes());
    }

    /**
     * The longest time within [{@code from}, {@code to}] during which {@code history} stored no version while the task
     * was not finished: between consecutive versions, from {@code from} to the first, and from the last to {@code to}.
     */
    static Duration longestGap(List<StateEntry> history, Instant from, Instant to) {
        Duration longest = Duration.ZERO;
        Instant previous = null;
        for (StateEntry e : history) {
            if (e.updated().isAfter(to)) {
                Instant start = previous == null || previous.isBefore(from) ? from : previous;
                return max(longest, Duration.between(start, to));
            }
            if (!e.updated().isBefore(from)) {
                Instant start = previous == null || previous.isBefore(from) ? from : previous;
                longest = max(longest, Duration.between(start, e.updated()));
            }
            previous = e.updated();
            if ("COMPLETED".equals(e.code())) {
                return longest;
            }
        }
        return previous == null ? Duration.between(from, to) : max(longest, Duration.between(
                previous.isBefore(from) ? from : previous, to));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
