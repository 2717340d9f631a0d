package io.windlass.etcd;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.codec.DecodeException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates what etcd told the node — watch events, re-list pages, claimability reads — into
 * {@link CoordinatorListener} calls, using the node's {@link Ownership}. It does no I/O of its own: claims a watch
 * response freed are returned to the caller to be checked by a read ({@link Reconciler}), malformed commands of owned
 * tasks are handed to {@link MalformedCommands} ({@link CommandQuarantine} moves them aside).
 *
 * <p>Events are hints: offers may be stale (the claim txn decides), commands may be delivered twice (consumers dedupe
 * by id). Malformed task records or states are logged and never offered (the client lists them as quarantined).
 *
 * <p>Threads: the coordinator's events thread only — it orders every listener call and confines the re-list and
 * claims-on-the-way bookkeeping — except {@link #settled}, which any thread may call (it tells a loss on the events
 * executor). Failure: nothing here throws; an event that cannot be handled is logged and skipped, and a listener that
 * throws (it must not) is logged.
 */
final class EventRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);
    /** Tasks of a re-list offered per turn of the events thread. */
    static final int OFFER_SLICE = 256;

    /** Where malformed commands of owned tasks go: the coordinator's is {@link CommandQuarantine}. */
    interface MalformedCommands {
        /** Takes {@code command} of task {@code taskId} out of the pending commands; must not block nor throw. */
        void quarantine(String taskId, KeyValue command, String reason);
    }

    private final Keys keys;
    private final Values values;
    private final String node;
    private final CoordinatorListener listener;
    private final Ownership owned;
    private final Executor events;
    private final MalformedCommands malformed;
    /** Events thread only: claims sent and not answered yet, with the commands the watch delivered meanwhile. */
    private final ClaimsOnTheWay claimsOnTheWay = new ClaimsOnTheWay();
    /**
     * Events thread only: while a re-list's later pages (read at an older revision) are still coming, the tasks the
     * watch has seen claimed meanwhile, so a page does not offer a task that is taken already. Null between re-lists.
     */
    private Set<String> claimedDuringRelist;
    /** Gets orphan claims found by a re-list (see {@link #onOrphan}); none until set. */
    private volatile java.util.function.ObjLongConsumer<String> orphans = (id, fence) -> { };
    /** This process's current lease: only claims on it are this process's orphans (not a twin's, not old ones). */
    private volatile java.util.function.LongSupplier currentLease = () -> 0;

    EventRouter(Keys keys, Values values, String node, CoordinatorListener listener, Ownership owned,
                Executor events, MalformedCommands malformed) {
        this.keys = keys;
        this.values = values;
        this.node = node;
        this.listener = listener;
        this.owned = owned;
        this.events = events;
        this.malformed = malformed;
    }

    /**
     * Events thread: one watch response, in order. Returns the tasks whose claims it freed (in order, without those
     * deleted or finished in the same response): they may be claimable now, which only a read can tell.
     */
    Set<String> watchEvents(List<WatchEvent> list) {
        Set<String> freed = new LinkedHashSet<>();
        for (WatchEvent e : list) {
            try {
                route(e, freed);
            } catch (RuntimeException ex) {
                LOG.error("failed to handle event on {}", Keys.string(e.getKeyValue().getKey()), ex);
            }
        }
        return freed;
    }

    private void route(WatchEvent e, Set<String> freed) {
        KeyValue kv = e.getKeyValue();
        Keys.Parsed p = keys.parse(kv.getKey());
        if (p == null) {
            return;
        }
        boolean put = e.getEventType() == WatchEvent.EventType.PUT;
        switch (p.kind()) {
            case Keys.TASKS -> {
                if (put && kv.getVersion() == 1 && owned.fence(p.id()) == 0) {
                    offerIfDecodable(p.id(), kv);
                } else if (!put) {
                    freed.remove(p.id()); // deleted with its claim
                }
            }
            case Keys.CLAIMS -> {
                long fence = owned.fence(p.id());
                // only an event AFTER our claim was created (mod revision > fence) can concern our claim: a late or
                // replayed event about an earlier claim of the task (e.g. its lease expiring) must not fence us
                boolean ours = fence != 0 && kv.getModRevision() > fence;
                if (put) {
                    if (ours && kv.getCreateRevision() != fence) {
                        lost(p.id(), fence);
                    }
                    tellTaken(p.id(), kv);
                    if (claimedDuringRelist != null) {
                        claimedDuringRelist.add(p.id());
                    }
                } else {
                    if (ours) {
                        lost(p.id(), fence);
                    }
                    freed.add(p.id());
                    if (claimedDuringRelist != null) {
                        claimedDuringRelist.remove(p.id());
                    }
                }
            }
            case Keys.DONE -> {
                if (put) {
                    freed.remove(p.id()); // finished in the same revision: nothing to offer
                }
            }
            case Keys.COMMANDS -> {
                if (put && kv.getVersion() == 1) {
                    if (owned.fence(p.id()) != 0) {
                        deliverCommand(p.id(), kv);
                    } else {
                        claimsOnTheWay.hold(p.id(), kv);
                    }
                }
            }
            case Keys.NODE_COMMANDS -> {
                if (put && kv.getVersion() == 1 && p.id().equals(node)) {
                    deliverNodeCommand(kv);
                }
            }
            default -> {
                // state, nodes: nothing to tell the consumer
            }
        }
    }

    /** A claim PUT of another node: the taskTaken hint (an own claim, or an undecodable claim value, tells nothing). */
    private void tellTaken(String id, KeyValue kv) {
        String claimer = values.claimNode(kv.getValue().getBytes());
        if (!claimer.equals(node) && !"?".equals(claimer)) {
            call(() -> listener.taskTaken(id, claimer));
        }
    }

    /**
     * The receiver of ONE re-list's pages ({@link PagedRelist}), on the events thread, in order. The owned tasks are
     * taken from {@link Ownership} when the first page arrives; each page then reconciles the owned tasks of its id
     * range and offers its claimable tasks.
     */
    Consumer<PagedRelist.Page> relistPages() {
        TreeMap<String, Long> ownedAtStart = new TreeMap<>();
        return page -> {
            if (page.first()) {
                ownedAtStart.putAll(owned.snapshot());
            }
            apply(page, ownedAtStart);
        };
    }

    /**
     * One page of a re-list, on the events thread. The first page (applied before the watch restarts) delivers the
     * pending commands of every owned task, so they reach the listener before any newer command from the watch; each
     * page then reports the owned tasks of its id range whose claim is gone, and offers its claimable tasks.
     */
    private void apply(PagedRelist.Page page, NavigableMap<String, Long> ownedAtStart) {
        Snapshot s = page.snapshot();
        claimedDuringRelist = page.last() == null ? null
                : page.first() ? new HashSet<>() : claimedDuringRelist;
        if (page.first()) {
            ownedAtStart.forEach((id, fence) -> {
                if (fence <= s.revision()) {
                    s.commandsOf(id).forEach(c -> deliverCommand(id, c));
                }
            });
            page.nodeCommands().forEach(this::deliverNodeCommand);
        }
        NavigableMap<String, Long> mine = page.after() == null ? ownedAtStart
                : ownedAtStart.tailMap(page.after(), false);
        if (page.last() != null) {
            mine = mine.headMap(page.last(), true);
        }
        for (Map.Entry<String, Long> own : mine.entrySet()) {
            if (own.getValue() > s.revision() || owned.fence(own.getKey()) != own.getValue()) {
                continue; // claimed after this snapshot was read, or settled meanwhile: the snapshot cannot tell
            }
            KeyValue claim = s.claim(own.getKey());
            if (claim == null || claim.getCreateRevision() != own.getValue()) {
                lost(own.getKey(), own.getValue());
            }
        }
        releaseOrphans(s);
        offerInSlices(s, s.ids().iterator());
    }

    /** Where {@link #releaseOrphans} sends orphan claims (task id, fence): the claim path's fenced release. */
    void onOrphan(java.util.function.LongSupplier lease, java.util.function.ObjLongConsumer<String> release) {
        this.currentLease = lease;
        this.orphans = release;
    }

    /**
     * Issue 14 item 2: a claim of this node that no runner holds — its txn landed after its outcome was judged
     * unknown and resolved as "not ours" — would keep the task until the lease ends. Every re-list page hands such
     * claims (on this process's current lease, not owned, no claim of it on the way, older than the snapshot) to the
     * orphan handler, which releases them fenced; a claim won meanwhile has another fence and is untouched.
     */
    private void releaseOrphans(Snapshot s) {
        long lease = currentLease.getAsLong();
        for (String id : s.ids()) {
            KeyValue claim = s.claim(id);
            if (claim == null || claim.getCreateRevision() > s.revision() || claimsOnTheWay.onTheWay(id)
                    || owned.fence(id) == claim.getCreateRevision()
                    || lease == 0 || claim.getLease() != lease) {
                continue;
            }
            LOG.warn("node {}: orphan claim of {} (fence {}) with no runner: releasing it", node, id,
                    claim.getCreateRevision());
            orphans.accept(id, claim.getCreateRevision());
        }
    }

    /**
     * Offers the snapshot's claimable tasks, {@value #OFFER_SLICE} at a time, each slice its own turn of the events
     * thread: decoding tens of thousands of tasks must not hold back claim answers and watch events meanwhile (the
     * first claims then start while later tasks are still being decoded). Offers are hints, so one that became stale
     * meanwhile only costs a claim txn that loses.
     */
    private void offerInSlices(Snapshot s, Iterator<String> ids) {
        for (int n = 0; n < OFFER_SLICE && ids.hasNext(); n++) {
            offerIfClaimable(s, ids.next());
        }
        if (ids.hasNext()) {
            events.execute(() -> offerInSlices(s, ids));
        }
    }

    /** Events thread: offers those of {@code ids} that the snapshot (a claimability read) shows claimable. */
    void offerClaimable(Snapshot s, Set<String> ids) {
        for (String id : ids) {
            offerIfClaimable(s, id);
        }
    }

    /** Events thread: a claim of {@code id} is about to be sent (see {@link ClaimsOnTheWay}). */
    void claimSent(String id) {
        claimsOnTheWay.sent(id);
    }

    /**
     * Events thread: the claim of {@code id} was answered — won with {@code fence} (ownership already recorded and
     * the claim already reported), or not won ({@code fence} 0). A won claim gets the commands created after it that
     * the watch delivered before the ownership was known, in create-revision order; later ones come from the watch.
     */
    void claimAnswered(String id, long fence) {
        for (KeyValue c : claimsOnTheWay.answered(id, fence)) {
            deliverCommand(id, c);
        }
    }

    /** Offers {@code id} if the snapshot shows it claimable: not owned here, unclaimed, unfinished, decodable. */
    private void offerIfClaimable(Snapshot s, String id) {
        if (owned.fence(id) == 0 && !s.claimed(id) && !s.finished(id)
                && (claimedDuringRelist == null || !claimedDuringRelist.contains(id))) {
            TaskView v = s.view(keys, values, id);
            if (claimable(v)) {
                call(() -> listener.taskOffered(v.task()));
            }
        }
    }

    private static boolean claimable(TaskView v) {
        return v != null && v.task() != null && v.state() != null && v.quarantine() == null
                && !v.state().state().code().terminal();
    }

    private void offerIfDecodable(String id, KeyValue kv) {
        try {
            TaskRecord task = values.decodeTask(kv.getValue().getBytes());
            call(() -> listener.taskOffered(task));
        } catch (DecodeException e) {
            LOG.warn("task {} is quarantined (undecodable record, raw bytes kept): {}", id, e.getMessage());
        }
    }

    private void deliverCommand(String id, KeyValue kv) {
        try {
            TaskCommand command = values.decodeCommand(kv.getValue().getBytes());
            call(() -> listener.commandArrived(id, command));
        } catch (DecodeException e) {
            quarantineCommand(id, kv, e.getMessage());
        }
    }

    /** A malformed command of task {@code id}: handed to {@link MalformedCommands} (any thread). */
    void quarantineCommand(String id, KeyValue kv, String reason) {
        malformed.quarantine(id, kv, reason);
    }

    private void deliverNodeCommand(KeyValue kv) {
        try {
            NodeCommand command = values.decodeNodeCommand(kv.getValue().getBytes());
            call(() -> listener.nodeCommand(command));
        } catch (DecodeException e) {
            LOG.warn("node {}: node command {} is malformed and ignored (left in place): {}", node,
                    Keys.string(kv.getKey()), e.getMessage());
        }
    }

    /**
     * Events thread: forgets an owned task whose claim is gone and tells the listener (once per fence). While the
     * node's own delete of that claim is in flight the loss is held back until {@link #settled} (see
     * {@link Ownership}).
     */
    void lost(String id, long fence) {
        if (owned.lost(id, fence)) {
            call(() -> listener.claimLost(id, fence));
        }
    }

    /**
     * Any thread: the node's own claim delete (release, releasing/finishing write) got its answer (see
     * {@link Ownership#settle}). A loss this reveals is told on the events thread.
     */
    void settled(String id, long fence, Ownership.Settled how) {
        if (owned.settle(id, fence, how)) {
            events.execute(() -> call(() -> listener.claimLost(id, fence)));
        }
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("coordinator listener threw (it must not)", e);
        }
    }
}
