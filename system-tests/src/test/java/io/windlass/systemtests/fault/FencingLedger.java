package io.windlass.systemtests.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fencing ledger: every version of each counter task's state key, read back from etcd's history (compaction
 * must not have run over the test's window), and the invariants that prove at most one owner wrote at a time:
 * <ul>
 *   <li>versions increase by exactly 1 (no stored transition lost or written twice);</li>
 *   <li>a version that changes the checkpoint data steps the count by exactly +1, and was written by the very node
 *       and fence that performed the step (data.node/fence == writer node/fence): no repeated or skipped step;</li>
 *   <li>the count never goes back, and each count value is reached exactly once;</li>
 *   <li>writer fences (of owner writes, fence &gt; 0) never decrease: a fenced-off owner never wrote after its successor.</li>
 * </ul>
 */
final class FencingLedger {
    private final Map<String, List<StateEntry>> histories;

    private FencingLedger(Map<String, List<StateEntry>> histories) {
        this.histories = histories;
    }

    /** Reads the state history of every task in {@code ids}. */
    static FencingLedger read(EtcdProbe probe, Collection<String> ids) {
        Map<String, List<StateEntry>> histories = new LinkedHashMap<>();
        Map<String, List<io.etcd.jetcd.KeyValue>> versions = StateHistories.read(probe, probe.key("state", ""),
                ids.stream().map(id -> probe.key("state", id)).toList());
        for (String id : ids) {
            histories.put(id, versions.get(probe.key("state", id)).stream().map(StateEntry::of).toList());
        }
        return new FencingLedger(histories);
    }

    List<StateEntry> history(String id) {
        List<StateEntry> h = histories.get(id);
        if (h == null) {
            throw new IllegalArgumentException("task " + id + " is not in the ledger");
        }
        return h;
    }

    /** The latest stored version of {@code id}. */
    StateEntry latest(String id) {
        List<StateEntry> h = history(id);
        if (h.isEmpty()) {
            throw new AssertionError("task " + id + " has no stored state");
        }
        return h.get(h.size() - 1);
    }

    /** Steps recorded for {@code id} (the count of its latest version). */
    long steps(String id) {
        return latest(id).count();
    }

    /** Sum of the steps of all tasks. */
    long totalSteps() {
        return histories.keySet().stream().mapToLong(this::steps).sum();
    }

    /** Every violation of the ledger's invariants, one line each; empty when it holds. */
    List<String> violations() {
        List<String> out = new ArrayList<>();
        histories.forEach((id, h) -> check(id, h, out));
        return out;
    }

    /** Fails with every violation (up to 30 listed) if the ledger does not hold. */
    void assertHolds() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            throw new AssertionError("fencing ledger violated (" + v.size() + "):\n  "
                    + String.join("\n  ", v.subList(0, Math.min(30, v.size()))));
        }
    }

    private static void check(String id, List<StateEntry> h, List<String> out) {
        if (h.isEmpty()) {
            out.add(id + ": no stored state at all");
            return;
        }
        long maxFence = 0;
        for (int i = 0; i < h.size(); i++) {
            StateEntry e = h.get(i);
            if (e.fence() > 0) {
                if (e.fence() < maxFence) {
                    out.add(id + ": fence went back from " + maxFence + " to " + e);
                }
                maxFence = Math.max(maxFence, e.fence());
            }
            if (i == 0) {
                if (e.count() != 0 && e.version() != 0) {
                    out.add(id + ": first version already has steps: " + e);
                }
                continue;
            }
            StateEntry p = h.get(i - 1);
            if (e.version() != p.version() + 1) {
                out.add(id + ": version jumped " + p.version() + " -> " + e.version() + " at " + e);
            }
            if (e.count() < p.count()) {
                out.add(id + ": count regressed " + p + " -> " + e);
            } else if (e.steppedFrom(p)) {
                if (e.count() != p.count() + 1) {
                    out.add(id + ": step is not +1 (repeated or skipped): " + p + " -> " + e);
                }
                if (e.dataFence() != e.fence() || !e.dataNode().equals(e.node())) {
                    out.add(id + ": step performed under " + e.dataNode() + "/" + e.dataFence()
                            + " but written by " + e.node() + "/" + e.fence() + ": " + e);
                }
            }
        }
    }
}
