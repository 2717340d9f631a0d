package io.windlass.consumer.balance;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link ClaimPacing#decide} tells a node's claim pacer to do next: claim the offered task it was given, wait
 * until a time, or hold back until something changes. Every decision also carries the fair-share cap's state for the
 * next decision ({@link #cappedSince()}).
 */
public sealed interface ClaimPacingDecision
        permits ClaimPacingDecision.ClaimTask, ClaimPacingDecision.WaitUntil, ClaimPacingDecision.HoldBack {

    /** Since when the fair-share cap has held claims back (pass it to the next decision), or null while it does not. */
    Instant cappedSince();

    /**
     * Claim the task: take a claim slot for it now (it leaves the queue) and send its claim at {@code sendAt} — now,
     * or later by the thundering-herd delay.
     *
     * @param capLifted true if the fair-share cap would hold the claim back but has done so for {@code claimRetry}
     *                  already, so it is lifted until the queue is empty
     */
    record ClaimTask(String taskId, Instant sendAt, boolean capLifted, Instant cappedSince)
            implements ClaimPacingDecision {
        public ClaimTask {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(sendAt, "sendAt");
            if (capLifted && cappedSince == null) {
                throw new IllegalArgumentException("a lifted cap has a cappedSince");
            }
        }
    }

    /** Claim nothing before {@code at}, then decide again (earlier if something changes meanwhile). */
    record WaitUntil(Instant at, Why why, Instant cappedSince) implements ClaimPacingDecision {
        public WaitUntil {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(why, "why");
            if (why == Why.FAIR_SHARE_CAP && cappedSince == null) {
                throw new IllegalArgumentException("a wait for the fair-share cap has a cappedSince");
            }
        }

        /** Why a claim waits. */
        public enum Why {
            /**
             * This node holds more than its fair share of the burst while another live node owns fewer tasks: wait
             * until the cap lifts ({@code cappedSince + claimRetry}) or the view of the nodes turns stale, whichever
             * comes first.
             */
            FAIR_SHARE_CAP,
            /** Only other nodes' preferred tasks are queued: the next one may be claimed here once its wait is over. */
            PREFERRED_NODE_FIRST
        }
    }

    /** Claim nothing now; decide again when {@code reason} no longer holds (no time is known for that). */
    record HoldBack(Reason reason, Instant cappedSince) implements ClaimPacingDecision {
        public HoldBack {
            Objects.requireNonNull(reason, "reason");
            if (cappedSince != null && (reason == Reason.NOTHING_QUEUED || reason == Reason.NOT_ALLOWED)) {
                throw new IllegalArgumentException("the cap is reset while " + reason);
            }
        }

        /** Why nothing is claimed. */
        public enum Reason {
            /** The queue is empty. */
            NOTHING_QUEUED,
            /** The node may not claim (not running, or frozen). */
            NOT_ALLOWED,
            /** {@code maxInFlight} claims are on their way; decide again when one is answered. */
            NO_FREE_SLOT,
            /**
             * There is no view of the live nodes yet, or the burst started with a view older than
             * {@link ClaimPacing#PEERS_MAX_AGE}, or the cap holds claims back on such a view: read a fresh view,
             * then decide again.
             */
            PEERS_VIEW_STALE
        }
    }
}
