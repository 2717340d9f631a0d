package io.windlass.consumer;

import io.windlass.consumer.balance.ClaimPacing;
import io.windlass.consumer.balance.ClaimPacingDecision;
import io.windlass.consumer.balance.ClaimPacingInput;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces this node's claims (anti claim storm): offered tasks wait in a deduplicated queue, at most
 * {@link ConsumerSettings#maxClaimsInFlight()} claims are on their way at once, and whether, which and when to claim
 * is decided by {@link ClaimPacing#decide} each time a claim could be sent (fair-share cap, preferred claimer first,
 * thundering-herd delay, fresh view of the live nodes). This class only gathers the decision's values, applies it
 * and arms the timers: it reads the view of the live nodes ({@code coordinator.nodes()}) when the decision asks for a
 * fresh one, keeps the burst's counts and the cap's state, sends the claims and re-decides when a claim is answered,
 * a task is offered or taken, a view arrives, or a wake-up fires.
 *
 * <p>Commands for a task being claimed are not buffered here: the coordinator delivers them only after the claim's
 * result ({@link io.windlass.consumer.spi.Coordinator#claim}); this class makes sure a won claim reaches the control
 * mailbox ahead of them even when its future completed before the completion callback was attached.
 *
 * <p>Owned by the consumer's control mailbox (not thread-safe); timers and coordinator completions are posted to it.
 * A failed claim or view read is reported to the host, respectively logged (the view is then taken as empty: no cap).
 */
final class ClaimPacer {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimPacer.class);

    /** What the pacer needs from the consumer's control loop (called on its mailbox). */
    interface Host {
        /** True while the node may send claims (running, not frozen). */
        boolean claimingAllowed();

        /** Tasks this node owns now. */
        int owned();

        /** A claim txn is about to be sent (for shutdown accounting). */
        void claimSent();

        /**
         * A sent claim completed ({@code error} null) or failed. A won claim's commands stored after it arrive through
         * the coordinator's listener after this call.
         */
        void claimDone(TaskRecord task, ClaimResult result, Throwable error);
    }

    private final Engine engine;
    private final Mailbox mailbox;
    private final Random random;
    private final Host host;
    private final ClaimPacingInput.Pacing pacing;
    private final Map<String, ClaimQueue.Item> claiming = new HashMap<>();
    private final ClaimQueue queue = new ClaimQueue();
    /** The live, non-draining nodes (this one included) of the latest view, sorted; empty before the first. */
    private List<String> liveNodes = List.of();
    private int inFlight;
    /** The latest view of the other live nodes, or null before the first. */
    private ClaimPacingInput.PeersView peers;
    private boolean peersLoading;
    private Instant cappedSince;
    private Instant burstStartedAt = Instant.MIN;
    private int burstOffered;
    private int burstBase;
    private TaskScheduler.Timer wakeUp;
    private Instant wakeUpAt;

    ClaimPacer(Engine engine, Mailbox mailbox, Random random, Host host) {
        this.engine = engine;
        this.mailbox = mailbox;
        this.random = random;
        this.host = host;
        this.pacing = engine.settings().pacing();
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
            burstStartedAt = engine.now();
            burstOffered = 0;
            burstBase = host.owned();
        }
        burstOffered++;
        ClaimQueue.Item c = new ClaimQueue.Item(task, engine.now());
        claiming.put(task.id(), c);
        enqueue(c);
        pump();
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

    /** Takes claim slots for queued tasks while {@link ClaimPacing} says so; else waits or reads a fresh view. */
    void pump() {
        while (true) {
            ClaimQueue.Item next = queue.peekNext(random);
            ClaimPacingDecision decision = ClaimPacing.decide(input(next));
            cappedSince = decision.cappedSince();
            if (decision instanceof ClaimPacingDecision.ClaimTask claim) {
                if (claim.capLifted()) {
                    LOG.debug("node {}: the fair-share cap held claims back for {}; lifting it", engine.nodeId(),
                            pacing.claimRetry());
                }
                queue.remove(next);
                send(next, claim.sendAt());
            } else if (decision instanceof ClaimPacingDecision.WaitUntil wait) {
                armWakeUp(wait.at());
                return;
            } else {
                if (((ClaimPacingDecision.HoldBack) decision).reason()
                        == ClaimPacingDecision.HoldBack.Reason.PEERS_VIEW_STALE) {
                    refreshPeers(); // pump() runs again when the view arrives
                }
                return;
            }
        }
    }

    private ClaimPacingInput input(ClaimQueue.Item next) {
        ClaimPacingInput.Candidate candidate = null;
        double jitter = 0;
        if (next != null) {
            candidate = new ClaimPacingInput.Candidate(next.task.id(), next.offeredAt, next.preferredHere());
            jitter = pacing.claimDelayPerTask().isZero() ? 0 : random.nextDouble();
        }
        return new ClaimPacingInput(engine.now(), pacing, host.claimingAllowed(),
                new ClaimPacingInput.Load(host.owned(), inFlight, queue.size()),
                new ClaimPacingInput.Burst(burstStartedAt, burstOffered, burstBase), peers, cappedSince, candidate,
                jitter);
    }

    /** Takes a claim slot for {@code c} and sends its claim at {@code sendAt} (now or by a timer). */
    private void send(ClaimQueue.Item c, Instant sendAt) {
        inFlight++;
        if (!sendAt.isAfter(engine.now())) {
            sendNow(c);
        } else {
            engine.scheduler().schedule(sendAt, () -> mailbox.post(() -> sendNow(c)));
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
        CompletableFuture<ClaimResult> result = Async.call(() -> engine.coordinator().claim(c.task.id()));
        Thread sender = Thread.currentThread();
        boolean[] attaching = {true};
        result.whenComplete((r, ex) -> {
            Runnable done = () -> claimed(c, r, ex);
            if (Thread.currentThread() == sender && attaching[0] && r instanceof ClaimResult.Claimed) {
                // completed before this callback was attached: commands of the task may be in the mailbox already,
                // and the won claim must be handled before them
                mailbox.postFirst(done);
            } else {
                mailbox.post(done); // on the completing thread, before the coordinator delivers any command
            }
        });
        attaching[0] = false;
    }

    private void claimed(ClaimQueue.Item c, ClaimResult result, Throwable error) {
        inFlight--;
        claiming.remove(c.task.id(), c);
        host.claimDone(c.task, result, error);
        pump();
    }

    private void refreshPeers() {
        if (peersLoading) {
            return;
        }
        peersLoading = true;
        Async.call(() -> engine.coordinator().nodes()).whenComplete((list, ex) -> mailbox.post(() -> {
            peersLoading = false;
            if (ex != null) {
                LOG.warn("node {}: listing the cluster's nodes failed ({}); claiming without a fair-share cap",
                        engine.nodeId(), ex.toString());
            }
            peers = ClaimPacingInput.PeersView.of(engine.nodeId(), ex != null || list == null ? List.of() : list,
                    engine.now());
            peersChanged(peers.liveNodes(engine.nodeId()));
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
        queue.add(c, ClaimPacing.preferredHere(c.task.id(), engine.nodeId(), liveNodes));
    }

    private void peersChanged(List<String> live) {
        if (!live.equals(liveNodes)) {
            liveNodes = live;
            queue.reclassify(c -> ClaimPacing.preferredHere(c.task.id(), engine.nodeId(), liveNodes));
        }
    }
}
