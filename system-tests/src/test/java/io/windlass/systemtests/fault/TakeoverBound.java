package io.windlass.systemtests.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The takeover bound: after node {@code dead} stops at {@code t0}, each of its tasks is written again by another node
 * within {@code bound = lease TTL + slack} — the lease must expire (TTL, measured by etcd from the last keep-alive, so
 * at most TTL after t0), then the watch delivers the claim deletion, a survivor claims (claim delay ≤ 250 ms) and
 * its runner stores its first transition (for a counter task that was sleeping: when its timer fires, ≤ interval).
 * An etcd leader change inside the window refreshes every lease's TTL (field-notes.md): add one more TTL then.
 * Measured from the stored states' {@code updated} stamps (same host clock as the test).
 */
final class TakeoverBound {
    /**
     * Slack on top of the TTL: etcd's lease-expiry check (every 500 ms), the watch delivering the claim deletions,
     * the claim delay (≤ 250 ms), and the survivor's first claim/write burst (100 tasks at once, in a JVM that may
     * still be warming up, on a shared 2-core machine). Measured worst case so far ~3.9 s over the TTL.
     */
    static final Duration SLACK = Duration.ofSeconds(5);

    private TakeoverBound() {
    }

    /** The bound for a lease TTL and the counter interval, with one extra TTL if etcd changed leader. */
    static Duration bound(Duration ttl, Duration counterInterval, boolean leaderChanged) {
        Duration b = ttl.plus(SLACK).plus(counterInterval);
        return leaderChanged ? b.plus(ttl) : b;
    }

    /**
     * Per task of {@code ids}: how long after {@code t0} the first write by a node other than {@code dead} happened;
     * a task never written by another node maps to null.
     */
    static Map<String, Duration> delays(FencingLedger ledger, Collection<String> ids, String dead, Instant t0) {
        Map<String, Duration> out = new TreeMap<>();
        for (String id : ids) {
            Duration d = null;
            for (StateEntry e : ledger.history(id)) {
                if (e.updated().isAfter(t0) && !e.node().isEmpty() && !e.node().equals(dead)) {
                    d = Duration.between(t0, e.updated());
                    break;
                }
            }
            out.put(id, d);
        }
        return out;
    }

    /** Fails listing every task not taken over within {@code bound}. */
    static Duration assertWithin(Map<String, Duration> delays, Duration bound) {
        List<String> late = new ArrayList<>();
        Duration max = Duration.ZERO;
        for (Map.Entry<String, Duration> e : delays.entrySet()) {
            if (e.getValue() == null || e.getValue().compareTo(bound) > 0) {
                late.add(e.getKey() + "=" + e.getValue());
            } else if (e.getValue().compareTo(max) > 0) {
                max = e.getValue();
            }
        }
        if (!late.isEmpty()) {
            throw new AssertionError("takeover bound " + bound + " exceeded by " + late.size() + " task(s): "
                    + late.subList(0, Math.min(20, late.size())));
        }
        return max;
    }
}
