package io.windlass.consumer.balance;

import io.windlass.consumer.spi.NodeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Everything {@link ClaimPacing#decide} looks at, as plain values: the node's claim queue and claims in flight at
 * {@code now}, the current burst of offers, the latest view of the live nodes and the fair-share cap's state.
 *
 * @param now             the consumer's clock
 * @param pacing          the pacing settings
 * @param claimingAllowed false while the node may not send claims (not running, or frozen)
 * @param load            this node's tasks: owned, claims on their way, tasks queued
 * @param burst           the current burst of offers (since the queue was last empty with no claim on its way)
 * @param peers           the latest view of the other live nodes, or null before the first one was read
 * @param cappedSince     since when the fair-share cap has held claims back (the previous decision's
 *                        {@link ClaimPacingDecision#cappedSince()}), or null while it does not
 * @param next            the queued task the queue hands out next — one this node is the preferred claimer of while
 *                        any is queued, else another node's — or null when nothing is queued
 * @param jitter          a random number in [0, 1): the random part of the thundering-herd delay, in claim-delay
 *                        steps
 */
public record ClaimPacingInput(Instant now, Pacing pacing, boolean claimingAllowed, Load load, Burst burst,
                               PeersView peers, Instant cappedSince, Candidate next, double jitter) {

    public ClaimPacingInput {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(burst, "burst");
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        if ((next == null) != (load.queued() == 0)) {
            throw new IllegalArgumentException("a next task is given exactly when tasks are queued (queued "
                    + load.queued() + ", next " + next + ")");
        }
    }

    /**
     * The consumer's pacing settings.
     *
     * @param claimRetry        how long the fair-share cap holds claims back before it lifts (positive)
     * @param claimDelayPerTask the thundering-herd delay per task (not negative)
     * @param claimDelayMax     the cap of that delay (not negative)
     * @param maxInFlight       claims on their way at once (at least 1)
     */
    public record Pacing(Duration claimRetry, Duration claimDelayPerTask, Duration claimDelayMax, int maxInFlight) {
        public Pacing {
            Objects.requireNonNull(claimRetry, "claimRetry");
            Objects.requireNonNull(claimDelayPerTask, "claimDelayPerTask");
            Objects.requireNonNull(claimDelayMax, "claimDelayMax");
            if (claimRetry.isZero() || claimRetry.isNegative()) {
                throw new IllegalArgumentException("claimRetry must be positive, was " + claimRetry);
            }
            if (claimDelayPerTask.isNegative() || claimDelayMax.isNegative()) {
                throw new IllegalArgumentException("claim delays must not be negative, were " + claimDelayPerTask
                        + " per task and " + claimDelayMax + " max");
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
            }
        }

        /** {@code claimDelayPerTask × tasks}, at most {@code claimDelayMax} (see {@link ClaimPacing#claimDelay}). */
        public Duration claimDelay(int tasks) {
            return ClaimPacing.claimDelay(tasks, claimDelayPerTask, claimDelayMax);
        }
    }

    /**
     * This node's tasks.
     *
     * @param owned    tasks it owns (its runners)
     * @param inFlight claims it has sent or is about to send (a slot taken) and that are not answered yet
     * @param queued   offered tasks waiting in its queue (not yet given a slot)
     */
    public record Load(int owned, int inFlight, int queued) {
        public Load {
            if (owned < 0 || inFlight < 0 || queued < 0) {
                throw new IllegalArgumentException("counts must not be negative: owned " + owned + ", in flight "
                        + inFlight + ", queued " + queued);
            }
        }
    }

    /**
     * The current burst of offers: it starts with an offer while the queue is empty and no claim is on its way.
     *
     * @param startedAt    when it started
     * @param offered      tasks offered in it so far
     * @param ownedAtStart tasks this node owned when it started
     */
    public record Burst(Instant startedAt, int offered, int ownedAtStart) {
        public Burst {
            Objects.requireNonNull(startedAt, "startedAt");
            if (offered < 0 || ownedAtStart < 0) {
                throw new IllegalArgumentException("counts must not be negative: offered " + offered
                        + ", owned at start " + ownedAtStart);
            }
        }
    }

    /**
     * A view of the cluster's live nodes.
     *
     * @param others the live, non-draining nodes other than this one → the number of tasks each owns
     * @param readAt when the view was read (its answer arrived)
     */
    public record PeersView(Map<String, Integer> others, Instant readAt) {
        public PeersView {
            Objects.requireNonNull(readAt, "readAt");
            others = Map.copyOf(others);
            others.forEach((node, claims) -> {
                if (claims < 0) {
                    throw new IllegalArgumentException("node " + node + " owns " + claims + " tasks");
                }
            });
        }

        /** The view of {@code nodes} (as {@code Coordinator.nodes()} lists them) from {@code selfId}'s side. */
        public static PeersView of(String selfId, Collection<NodeInfo> nodes, Instant readAt) {
            Objects.requireNonNull(selfId, "selfId");
            Map<String, Integer> others = new HashMap<>();
            for (NodeInfo n : nodes) {
                if (!n.draining() && !n.nodeId().equals(selfId)) {
                    others.merge(n.nodeId(), Math.max(0, n.claims()), Math::max);
                }
            }
            return new PeersView(others, readAt);
        }

        /**
         * The live nodes this view knows of, {@code selfId} included, sorted (for {@link ClaimPacing#preferredHere}).
         */
        public List<String> liveNodes(String selfId) {
            TreeSet<String> live = new TreeSet<>(others.keySet());
            live.add(Objects.requireNonNull(selfId, "selfId"));
            return List.copyOf(live);
        }
    }

    /**
     * A queued task.
     *
     * @param taskId    the task
     * @param offeredAt when it was offered to this node (queued)
     * @param preferred true if this node is its preferred claimer (see {@link ClaimPacing#preferredHere})
     */
    public record Candidate(String taskId, Instant offeredAt, boolean preferred) {
        public Candidate {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(offeredAt, "offeredAt");
        }
    }
}
