package io.windlass.etcd;

import io.etcd.jetcd.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's claims that have been sent but not answered yet, with the commands the watch delivered for those tasks
 * meanwhile. A claim txn reads the commands created before it; commands created after it may reach the watch before
 * the claim's answer has recorded the ownership. They are kept here and handed over when the claim is answered, so
 * no command is missed and none is read twice — without a catch-up read per claim.
 *
 * <p>This is the only buffer of such commands: it is how the etcd coordinator keeps
 * {@link io.windlass.consumer.spi.Coordinator#claim}'s contract — a command stored after a claim is delivered only
 * after the claim's result (the claim's future completes first, see {@link ClaimTxn}), in create-revision order, and
 * only for a won claim (a claim that is not won or fails drops what was held for it).
 *
 * <p>Correctness rests on order: {@link #sent} runs on the events thread BEFORE the claim txn is sent, and watch
 * events are handled on the same thread, so every event of a revision after the claim is seen after {@link #sent}.
 * Events thread only (not thread-safe).
 */
final class ClaimsOnTheWay {
    private static final class OnTheWay {
        int claims;
        final List<KeyValue> commands = new ArrayList<>(0);
    }

    private final Map<String, OnTheWay> tasks = new HashMap<>();

    /** A claim of {@code id} is about to be sent. */
    void sent(String id) {
        tasks.computeIfAbsent(id, k -> new OnTheWay()).claims++;
    }

    /** True while a claim of {@code id} is sent and not answered. */
    boolean onTheWay(String id) {
        return tasks.containsKey(id);
    }

    /** True (and keeps it) if the watch delivered a command of a task whose claim is on its way. */
    boolean hold(String id, KeyValue command) {
        OnTheWay w = tasks.get(id);
        if (w == null) {
            return false;
        }
        w.commands.add(command);
        return true;
    }

    /**
     * The claim of {@code id} was answered: with {@code fence > 0} it was won, and the held commands created after the
     * claim are returned in create-revision order (older ones were read by the claim txn itself); with 0 it was not
     * won, and nothing is returned.
     */
    List<KeyValue> answered(String id, long fence) {
        OnTheWay w = tasks.get(id);
        if (w == null) {
            return List.of();
        }
        List<KeyValue> after = new ArrayList<>();
        if (fence > 0) {
            for (KeyValue c : w.commands) {
                if (c.getCreateRevision() > fence) {
                    after.add(c);
                }
            }
            after.sort(Comparator.comparingLong(KeyValue::getCreateRevision));
            w.commands.clear();
        }
        if (--w.claims <= 0) {
            tasks.remove(id);
        }
        return after;
    }

    /** Claims on their way (for tests). */
    int size() {
        return tasks.size();
    }
}
