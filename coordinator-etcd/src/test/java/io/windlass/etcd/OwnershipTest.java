package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's own claim deletes are never reported as lost, whatever arrives first (the watch's delete or the write's
 * answer), and a real loss is never hidden: a delete seen while the own delete is in flight is reported once the
 * write turns out not to have deleted the claim.
 */
class OwnershipTest {
    private final Ownership owned = new Ownership();

    @BeforeEach
    void own() {
        owned.claimed("t1", 7);
    }

    @Test
    void aDeleteSeenBeforeTheOwnCommittedDeleteAnswersIsNotALoss() {
        owned.releasing("t1", 7);
        assertThat(owned.lost("t1", 7)).as("held back").isFalse();
        assertThat(owned.fence("t1")).isEqualTo(7);
        assertThat(owned.settle("t1", 7, Ownership.Settled.DELETED)).as("it was ours").isFalse();
        assertThat(owned.fence("t1")).isZero();
        assertThat(owned.lost("t1", 7)).as("a replayed delete later").isFalse();
    }

    @Test
    void aDeleteSeenAfterTheOwnCommittedDeleteAnswersIsNotALoss() {
        owned.releasing("t1", 7);
        assertThat(owned.settle("t1", 7, Ownership.Settled.DELETED)).isFalse();
        assertThat(owned.lost("t1", 7)).isFalse();
    }

    @Test
    void aDeleteSeenWhileTheOwnDeleteWasNotAppliedIsReportedWhenItsAnswerArrives() {
        owned.releasing("t1", 7);
        assertThat(owned.lost("t1", 7)).isFalse();
        assertThat(owned.settle("t1", 7, Ownership.Settled.NOT_APPLIED)).as("someone else deleted it").isTrue();
        assertThat(owned.fence("t1")).isZero();
    }

    @Test
    void aDeleteSeenWhileTheOwnDeleteLostItsFenceIsReported() {
        owned.releasing("t1", 7);
        assertThat(owned.lost("t1", 7)).isFalse();
        assertThat(owned.settle("t1", 7, Ownership.Settled.FENCE_LOST)).isTrue();
    }

    @Test
    void aNotAppliedOwnDeleteWithoutAnyDeleteSeenKeepsTheClaimAndALaterDeleteIsALoss() {
        owned.releasing("t1", 7);
        assertThat(owned.settle("t1", 7, Ownership.Settled.NOT_APPLIED)).isFalse();
        assertThat(owned.fence("t1")).isEqualTo(7);
        assertThat(owned.lost("t1", 7)).as("a later delete by someone else").isTrue();
    }

    @Test
    void aDeleteSeenWhileTheOwnDeleteMayHaveBeenAppliedWaitsForTheRetry() {
        owned.releasing("t1", 7);
        assertThat(owned.lost("t1", 7)).isFalse();
        assertThat(owned.settle("t1", 7, Ownership.Settled.UNKNOWN)).as("answer lost: maybe ours").isFalse();
        assertThat(owned.fence("t1")).isEqualTo(7);
        owned.releasing("t1", 7);
        assertThat(owned.settle("t1", 7, Ownership.Settled.DELETED)).as("the retry: it was ours").isFalse();
        assertThat(owned.fence("t1")).isZero();
    }

    @Test
    void aDeleteSeenWhileTheOwnDeleteMayHaveBeenAppliedIsReportedWhenTheRetryFindsTheFenceLost() {
        owned.releasing("t1", 7);
        assertThat(owned.lost("t1", 7)).isFalse();
        assertThat(owned.settle("t1", 7, Ownership.Settled.UNKNOWN)).isFalse();
        owned.releasing("t1", 7);
        assertThat(owned.settle("t1", 7, Ownership.Settled.FENCE_LOST)).as("someone else's delete").isTrue();
        assertThat(owned.fence("t1")).isZero();
    }

    @Test
    void aLossSignalBetweenAnUnknownOutcomeAndItsRetryIsReported() {
        owned.releasing("t1", 7);
        assertThat(owned.lost("t1", 7)).isFalse();
        assertThat(owned.settle("t1", 7, Ownership.Settled.UNKNOWN)).isFalse();
        assertThat(owned.lost("t1", 7)).as("e.g. a re-list or lease loss before any retry").isTrue();
    }

    @Test
    void aDeleteWithoutAnyOwnDeleteInFlightIsALossOncePerFence() {
        assertThat(owned.lost("t1", 7)).isTrue();
        assertThat(owned.lost("t1", 7)).isFalse();
    }

    @Test
    void aStaleFenceNeitherHidesNorReportsAnything() {
        owned.releasing("t1", 3);
        assertThat(owned.lost("t1", 3)).isFalse();
        assertThat(owned.settle("t1", 3, Ownership.Settled.NOT_APPLIED)).isFalse();
        assertThat(owned.fence("t1")).isEqualTo(7);
    }
}
