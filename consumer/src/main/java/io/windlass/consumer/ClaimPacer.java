package io.windlass.consumer;

import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces this node's claims (anti claim storm). Offered tasks wait in a deduplicated queue; at most
 * {@link ConsumerSettings#maxClaimsInFlight()} claims are on their way at once, and each is decided when it is SENT,
 * not when the task was offered:
 * <ul>
 *   <li>Fair-share cap: with N live non-draining nodes (from {@code coordinator.nodes()}, refreshed at most once per
 *   {@link #PEERS_MAX_AGE} while claims are held back) and K tasks offered in the current burst (since the queue was
 *   last empty with no claim on its way), this node claims at most {@code ceil(K / N × 1.1)} of them while another
 *   live node owns fewer tasks than it does (the node with the fewest tasks is never held back). A single node has
 *   no cap. No task is stranded: once the cap has held claims back for {@code claimRetry}, it lifts until the queue
 *   is empty (a task another node claimed meanwhile leaves the queue on the {@code taskTaken} hint, or fails its claim
 *   fast).</li>
 *   <li>Thundering-herd delay: not before {@code offered + claimDelay(owned when sent)} plus a random part of one
 *   step, so a node that won many claims meanwhile waits longer (a burst is not slowed down once that time passed).
 *   </li>
 *   <li>Preferred claimer first: every live node computes the same preferred claimer of each task by rendezvous
 *   hashing over the live nodes' ids ({@link RendezvousHash}), so the nodes offered the same tasks at once mostly
 *   claim different ones (a collision costs a claim txn that loses). A node claims its own preferred tasks first, in
 *   random order, and another node's only once it has none of its own left and that task has waited
 *   {@code claimDelay(tasks queued or on their way)} since its offer (in a storm {@code claimDelayMax}; for a lone
 *   task, one step) — so a slow or dead preferred node delays its tasks by that much at most.
 *   The view of the live nodes is read at the first offer and again at a burst's start when older than
 *   {@link #PEERS_MAX_AGE} (the burst's claims wait for it: a node that left or re-joined since must not be
 *   misjudged); a view that turns stale during a burst costs collisions, never correctness (the claim txn
 *   decides).</li>
 * </ul>
 * Owned by the consumer's control mailbox (not thread-safe); timers and coordinator completions are posted to it.
 */
final class ClaimPacer {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimPacer.class);
    static final Duration PEERS_MAX_AGE = Duration.ofSeconds(1);
    private static final double FAIR_SLACK = 1.1;

    /** What the pacer needs from the consumer's control loop (called on its mailbox). */
    interface Host {
        /** True while the node may send claims (running, not frozen). */
        boolean claimingAllowed();

        /** Tasks this node owns now. */
        int owned();

        /** A claim txn is about to be sent (for shutdown accounting). */
        void claimSent();

        /** A sent claim completed ({@code error} null) or failed. */
        void claimDone(TaskRecord task, List<TaskCommand> early, ClaimResult result, Throwable error);
    }

    private final Engine engine;
    private final Mailbox mailbox;
    private final Random random;
    private final Host host;
    private final Map<String, ClaimQueue.Item> claiming = new HashMap<>();
    private final ClaimQueue queue = new ClaimQueue();
    /** The live, non-draining nodes (this one included) of the latest view, sorted; empty before the first. */
    private List<String> liveNodes = List.of();
    private int inFlight;
    private List<NodeInfo> peers;
    private Instant peersAt;
    private boolean peersLoading;
    /** A burst started with a view older than {@link #PEERS_MAX_AGE}: no claim is sent until a fresh one arrives. */
    private boolean peersStale;
    private Instant cappedSince;
    private int burstOffered;
    private int burstBase;
    private TaskScheduler.Timer wakeUp;
    private Instant wakeUpAt;

    ClaimPacer(Engine engine, Mailbox mailbox, Random random, Host host) {
        this.engine = engine;
        this.mailbox = mailbox;
        this.random = random;
        this.host = host;
    }

    boolean contains(String taskId) {
        return claiming.containsKey(taskId);
    }

    /** Tasks queued or being claimed. */
    int size() {
        return claiming.size();
    }

    int queued() {
        return queue.size();
    }

    /** Queues an offered task (ignored if it is queued or being claimed already) and sends what may be sent. */
    void offer(TaskRecord task) {
        if (claiming.containsKey(task.id())) {
            return;
        }
        if (queue.isEmpty() && inFlight == 0) { // a new burst of offers
            burstOffered = 0;
            burstBase = host.owned();
            if (peers != null && !engine.now().isBefore(peersAt.plus(PEERS_MAX_AGE))) {
                peersStale = true; // this burst waits for a fresh view of the live nodes (one read)
                refreshPeers();
            }
        }
        burstOffered++;
        ClaimQueue.Item c = new ClaimQueue.Item(task, engine.now());
        claiming.put(task.id(), c);
        enqueue(c);
        pump();
    }

    /** Keeps a command for a task being claimed; false if the task is not being claimed here. */
    boolean early(String taskId, TaskCommand command) {
        ClaimQueue.Item c = claiming.get(taskId);
        if (c == null) {
            return false;
        }
        if (c.early == null) {
            c.early = new ArrayList<>(1);
        }
        c.early.add(command);
        return true;
    }

    /**
     * Another node claimed {@code taskId} (a hint): forgets it if its claim was not sent yet (queued, or waiting for
     * its send time); a claim already sent completes as usual (the claim txn decides). True if it was forgotten.
     */
    boolean taken(String taskId) {
        ClaimQueue.Item c = claiming.get(taskId);
        if (c == null || c.sent) {
            return false;
        }
        claiming.remove(taskId);
        queue.remove(c); // if it was dequeued and waits for its send time, sendNow sees it is gone and frees its slot
        return true;
    }

    /** Forgets every task whose claim was not sent yet (shutdown); sent claims complete as usual. */
    void clearUnsent() {
        claiming.values().removeIf(c -> !c.sent);
        queue.clear();
        cappedSince = null;
        cancelWakeUp();
    }

    /** Sends claims while slots are free and the fair-share cap allows. */
    void pump() {
        if (queue.isEmpty() || !host.claimingAllowed()) {
            cappedSince = null;
            return;
        }
        if (peers == null || peersStale) {
            refreshPeers();
            return; // a fresh view of the cluster decides the cap and who prefers what; pump() runs again with it
        }
        int max = engine.settings().maxClaimsInFlight();
        while (inFlight < max && !queue.isEmpty()) {
            if (capped()) {
                Instant now = engine.now();
                if (cappedSince == null) {
                    cappedSince = now;
                }
                Instant lift = cappedSince.plus(engine.settings().claimRetry());
                if (now.isBefore(lift)) {
                    Instant stale = peersAt.plus(PEERS_MAX_AGE);
                    if (!now.isBefore(stale)) {
                        refreshPeers(); // decide on a fresh view: pump() runs again when it arrives
                    } else {
                        armWakeUp(stale.isBefore(lift) ? stale : lift);
                    }
                    return;
                }
                LOG.debug("node {}: the fair-share cap held claims back for {}; lifting it", engine.nodeId(),
                        engine.settings().claimRetry());
            } else {
                cappedSince = null;
            }
            ClaimQueue.Item next = next();
            if (next == null) {
                break; // only other nodes' tasks are left, and their wait is not over (a wake-up is armed)
            }
            send(next);
        }
        if (queue.isEmpty()) {
            cappedSince = null;
        }
    }

    private boolean capped() {
        if (cappedSince != null && !engine.now().isBefore(cappedSince.plus(engine.settings().claimRetry()))) {
            return true; // still counted as capped; the caller lifts it
        }
        int nodes = 1;
        for (NodeInfo p : peers) {
            if (!p.draining() && !p.nodeId().equals(engine.nodeId())) {
                nodes++;
            }
        }
        if (nodes <= 1) {
            return false;
        }
        int mine = host.owned() + inFlight;
        int cap = (int) Math.ceil(burstOffered * FAIR_SLACK / nodes);
        if (mine - burstBase < cap) {
            return false;
        }
        // held back only while another live node has fewer tasks than this one (so the node with the fewest tasks
        // is never held back: the cap cannot stall every node at once)
        return peers.stream().anyMatch(p -> !p.draining() && !p.nodeId().equals(engine.nodeId())
                && p.claims() < mine);
    }

    private void send(ClaimQueue.Item c) {
        inFlight++;
        long step = engine.settings().claimDelayPerTask().toNanos();
        Instant notBefore = c.offeredAt.plus(engine.settings().claimDelay(host.owned()))
                .plus(Duration.ofNanos(step <= 0 ? 0 : (long) (random.nextDouble() * step)));
        if (!engine.now().isBefore(notBefore)) {
            sendNow(c);
        } else {
            engine.scheduler().schedule(notBefore, () -> mailbox.post(() -> sendNow(c)));
        }
    }

    private void sendNow(ClaimQueue.Item c) {
        if (claiming.get(c.task.id()) != c) {
            inFlight--; // dropped meanwhile (shutdown, or taken by another node)
            pump();
            return;
        }
        if (!host.claimingAllowed()) {
            inFlight--;
            enqueue(c); // frozen meanwhile: back to the queue until unfrozen
            return;
        }
        c.sent = true;
        host.claimSent();
        long sentNanos = System.nanoTime();
        Async.call(() -> engine.coordinator().claim(c.task.id()))
                .whenComplete((result, ex) -> mailbox.post(() -> {
                    engine.listener().claimAttempted(c.task.id(), c.task.type(), ex != null ? "failed"
                            : result instanceof ClaimResult.Claimed ? "won" : "lost",
                            Duration.ofNanos(System.nanoTime() - sentNanos),
                            Duration.between(c.offeredAt, engine.now()));
                    claimed(c, result, ex);
                }));
    }

    private void claimed(ClaimQueue.Item c, ClaimResult result, Throwable error) {
        inFlight--;
        claiming.remove(c.task.id(), c);
        host.claimDone(c.task, c.early == null ? List.of() : c.early, result, error);
        pump();
    }

    private void refreshPeers() {
        if (peersLoading) {
            return;
        }
        peersLoading = true;
        Async.call(() -> engine.coordinator().nodes()).whenComplete((list, ex) -> mailbox.post(() -> {
            peersLoading = false;
            peersStale = false;
            if (ex != null) {
                LOG.warn("node {}: listing the cluster's nodes failed ({}); claiming without a fair-share cap",
                        engine.nodeId(), ex.toString());
            }
            peers = ex != null || list == null ? List.of() : list;
            peersAt = engine.now();
            peersChanged(peers);
            pump();
        }));
    }

    /** Makes sure pump() runs again at {@code at} at the latest (an earlier wake-up already armed is kept). */
    private void armWakeUp(Instant at) {
        if (wakeUp != null && !at.isBefore(wakeUpAt)) {
            return;
        }
        cancelWakeUp();
        wakeUpAt = at;
        wakeUp = engine.scheduler().schedule(at, () -> mailbox.post(() -> {
            if (wakeUpAt == at) { // not replaced meanwhile by an earlier one
                wakeUp = null;
                wakeUpAt = null;
            }
            pump();
        }));
    }

    private void cancelWakeUp() {
        if (wakeUp != null) {
            wakeUp.cancel();
            wakeUp = null;
            wakeUpAt = null;
        }
    }

    private void enqueue(ClaimQueue.Item c) {
        queue.add(c, preferredHere(c));
    }

    /**
     * The next task to claim: one this node is the preferred claimer of, if any; else another node's task once it has
     * waited {@code claimDelay(tasks queued or on their way here)} since its offer — in a burst up to
     * {@code claimDelayMax}, so its preferred node has the first go at it; a lone offered task barely waits — or null
     * (a wake-up is armed for that time).
     */
    private ClaimQueue.Item next() {
        ClaimQueue.Item mine = queue.takeMine(random);
        if (mine != null) {
            return mine;
        }
        ClaimQueue.Item other = queue.peekOther(random);
        // a burst: give the preferred node time for its own tasks first; a lone task: (almost) no wait
        Instant due = other.offeredAt.plus(engine.settings().claimDelay(queue.size() + inFlight));
        if (engine.now().isBefore(due)) {
            armWakeUp(due);
            return null;
        }
        queue.remove(other);
        return other;
    }

    /** True if this node is the task's preferred claimer among the live nodes (or too little is known to say). */
    private boolean preferredHere(ClaimQueue.Item c) {
        return liveNodes.size() <= 1 || RendezvousHash.preferred(c.task.id(), liveNodes).equals(engine.nodeId());
    }

    private void peersChanged(List<NodeInfo> list) {
        java.util.TreeSet<String> live = new java.util.TreeSet<>();
        live.add(engine.nodeId());
        for (NodeInfo p : list) {
            if (!p.draining()) {
                live.add(p.nodeId());
            }
        }
        if (!live.equals(new java.util.TreeSet<>(liveNodes))) {
            liveNodes = List.copyOf(live);
            queue.reclassify(this::preferredHere);
        }
    }
}
