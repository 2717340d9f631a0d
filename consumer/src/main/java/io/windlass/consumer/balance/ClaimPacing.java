package io.windlass.consumer.balance;

import io.windlass.consumer.balance.ClaimPacingDecision.ClaimTask;
import io.windlass.consumer.balance.ClaimPacingDecision.HoldBack;
import io.windlass.consumer.balance.ClaimPacingDecision.WaitUntil;
import io.windlass.consumer.balance.ClaimPacingInput.Candidate;
import io.windlass.consumer.balance.ClaimPacingInput.Load;
import io.windlass.consumer.balance.ClaimPacingInput.Pacing;
import io.windlass.consumer.balance.ClaimPacingInput.PeersView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The anti-claim-storm decision of a node's claim pacer, as a pure function: given the queue, the claims in flight,
 * the burst of offers and the view of the live nodes at {@code now} ({@link ClaimPacingInput}), what to do next
 * ({@link ClaimPacingDecision}). Each claim is decided when it is SENT, not when its task was offered:
 * <ul>
 *   <li>Fair-share cap: with N live non-draining nodes and K tasks offered in the current burst, this node claims at
 *   most {@code ceil(K / N × }{@value #FAIR_SLACK}{@code )} of them while another live node owns fewer tasks than
 *   this one owns and is claiming (the node with the fewest tasks is never held back). A single node has no cap.
 *   No task is stranded: once the cap has held claims back for {@code claimRetry}, it lifts until the queue is
 *   empty.</li>
 *   <li>Thundering-herd delay: a claim is sent not before {@code offered + claimDelay(owned)} plus {@code jitter} of
 *   one step, so a node that won many claims meanwhile waits longer (a burst is not slowed once that time passed).
 *   </li>
 *   <li>Preferred claimer first: every live node computes the same preferred claimer of each task by rendezvous
 *   hashing over the live nodes' ids ({@link #preferredHere}). A node claims its own preferred tasks first, and
 *   another node's only once it has none of its own left and that task has waited
 *   {@code claimDelay(queued + in flight)} since its offer (in a storm {@code claimDelayMax}; for a lone task, one
 *   step) — so a slow or dead preferred node delays its tasks by that much at most.</li>
 *   <li>The node short of work claims at once: when this node holds less than an even split of all the tasks it
 *   knows of (owned by the live nodes of the view, plus its own claims on their way and its queue) and every other
 *   live node holds at least that split — a node that joined busy ones, being handed the tasks they release — it
 *   sends each claim now, without the thundering-herd delay and without waiting for the preferred claimer: those
 *   delays let the less-loaded nodes win, and no node is less loaded than this one. In a storm (tasks of a node that
 *   left, a start) the other nodes are below that split too, so the delays apply as above.</li>
 *   <li>Fresh view of the nodes: nothing is claimed before a view was read, nor in a burst that started with a view
 *   older than {@link #PEERS_MAX_AGE} (a node that left or re-joined since must not be misjudged), nor while the cap
 *   holds claims back on a view that old. A view that turns stale during a burst costs collisions, never
 *   correctness (the claim txn decides).</li>
 * </ul>
 * Stateless and thread-safe; the caller keeps the state (the queue, the burst, the cap's {@code cappedSince}).
 */
public final class ClaimPacing {
    /** A view of the live nodes older than this is read again before it decides a burst or holds claims back. */
    public static final Duration PEERS_MAX_AGE = Duration.ofSeconds(1);
    /** The fair-share cap's slack over an even split of a burst. */
    public static final double FAIR_SLACK = 1.1;

    private ClaimPacing() {
    }

    /** What the claim pacer does next (see the class comment for the rules). Pure. */
    public static ClaimPacingDecision decide(ClaimPacingInput in) {
        Instant now = in.now();
        Candidate next = in.next();
        if (next == null) {
            return new HoldBack(HoldBack.Reason.NOTHING_QUEUED, null);
        }
        if (!in.claimingAllowed()) {
            return new HoldBack(HoldBack.Reason.NOT_ALLOWED, null);
        }
        PeersView peers = in.peers();
        if (peers == null || !in.burst().startedAt().isBefore(peers.readAt().plus(PEERS_MAX_AGE))) {
            return new HoldBack(HoldBack.Reason.PEERS_VIEW_STALE, in.cappedSince());
        }
        Load load = in.load();
        Pacing pacing = in.pacing();
        if (load.inFlight() >= pacing.maxInFlight()) {
            return new HoldBack(HoldBack.Reason.NO_FREE_SLOT, in.cappedSince());
        }
        Instant cappedSince = in.cappedSince();
        boolean lifted = cappedSince != null && !now.isBefore(cappedSince.plus(pacing.claimRetry()));
        if (lifted || overFairShare(in)) {
            if (cappedSince == null) {
                cappedSince = now;
            }
            Instant lift = cappedSince.plus(pacing.claimRetry());
            if (now.isBefore(lift)) {
                Instant stale = peers.readAt().plus(PEERS_MAX_AGE);
                if (!now.isBefore(stale)) {
                    return new HoldBack(HoldBack.Reason.PEERS_VIEW_STALE, cappedSince); // decide on a fresh view
                }
                return new WaitUntil(stale.isBefore(lift) ? stale : lift, WaitUntil.Why.FAIR_SHARE_CAP, cappedSince);
            }
            lifted = true;
        } else {
            cappedSince = null;
        }
        if (shortOfWork(in)) {
            return new ClaimTask(next.taskId(), now, lifted, cappedSince); // the node the work should go to
        }
        if (!next.preferred()) {
            // a burst: give the preferred node time for its own tasks first; a lone task: (almost) no wait
            Instant due = next.offeredAt().plus(pacing.claimDelay(load.queued() + load.inFlight()));
            if (now.isBefore(due)) {
                return new WaitUntil(due, WaitUntil.Why.PREFERRED_NODE_FIRST, cappedSince);
            }
        }
        long step = pacing.claimDelayPerTask().toNanos();
        Instant notBefore = next.offeredAt().plus(pacing.claimDelay(load.owned()))
                .plus(Duration.ofNanos(step <= 0 ? 0 : (long) (in.jitter() * step)));
        return new ClaimTask(next.taskId(), notBefore.isAfter(now) ? notBefore : now, lifted, cappedSince);
    }

    /**
     * True if this node is the one short of work: it holds less than an even split of every task it knows of — those
     * the live nodes of the view own, plus its own claims on their way and its queue — while every other live node
     * holds at least that split. A single node is never short of work. Pure.
     */
    static boolean shortOfWork(ClaimPacingInput in) {
        Map<String, Integer> others = in.peers().others();
        if (others.isEmpty()) {
            return false;
        }
        Load load = in.load();
        long mine = (long) load.owned() + load.inFlight();
        long total = mine + load.queued();
        for (int claims : others.values()) {
            total += claims;
        }
        long split = total / (others.size() + 1);
        return mine < split && others.values().stream().allMatch(claims -> claims >= split);
    }

    /**
     * True if this node holds its fair share of the burst already ({@link #fairShare}) and another live node owns
     * fewer tasks than this one owns and is claiming.
     */
    private static boolean overFairShare(ClaimPacingInput in) {
        int nodes = 1 + in.peers().others().size();
        if (nodes <= 1) {
            return false;
        }
        int mine = in.load().owned() + in.load().inFlight();
        if (mine - in.burst().ownedAtStart() < fairShare(in.burst().offered(), nodes)) {
            return false;
        }
        return in.peers().others().values().stream().anyMatch(claims -> claims < mine);
    }

    /** How many of {@code offered} tasks one of {@code nodes} live nodes claims before the cap holds it back. Pure. */
    public static int fairShare(int offered, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, was " + nodes);
        }
        return (int) Math.ceil(offered * FAIR_SLACK / nodes);
    }

    /** {@code perTask × tasks} (0 for no tasks), at most {@code max}. Pure. */
    public static Duration claimDelay(int tasks, Duration perTask, Duration max) {
        Duration d = perTask.multipliedBy(Math.max(0, tasks));
        return d.compareTo(max) > 0 ? max : d;
    }

    /**
     * True if {@code selfId} is the preferred claimer of {@code taskId} among {@code liveNodes} (distinct ids,
     * {@code selfId} among them; any order) by rendezvous hashing — every node computes the same answer from the same
     * list, and a node joining or leaving moves only the tasks it gains or loses. With one live node or none (too
     * little known to say) it is true. Pure.
     */
    public static boolean preferredHere(String taskId, String selfId, List<String> liveNodes) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(selfId, "selfId");
        return liveNodes.size() <= 1 || RendezvousHash.preferred(taskId, liveNodes).equals(selfId);
    }
}
