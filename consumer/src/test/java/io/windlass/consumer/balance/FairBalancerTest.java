package io.windlass.consumer.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import io.windlass.consumer.spi.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairBalancerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void releaseCountMatchesTheIssueExamples() {
        assertThat(FairBalancer.releaseCount(10, List.of(10, 2), 1.2)).isEqualTo(2);
        assertThat(FairBalancer.releaseCount(2, List.of(2, 10), 1.2)).isZero();
        assertThat(FairBalancer.releaseCount(6, List.of(6, 0), 1.2)).isEqualTo(2);
        assertThat(FairBalancer.releaseCount(5, List.of(5, 1), 1.2)).isEqualTo(1);
    }

    @Test
    void oddCountsSettleLikeMetaforasIntegerMath() {
        // Metafora: avg = total / nodes (integer), desired = ceil(avg x threshold)
        assertThat(FairBalancer.desired(List.of(7, 0), 1.2)).as("7 on 2: 3 x 1.2 -> 4").isEqualTo(4);
        assertThat(FairBalancer.releaseCount(7, List.of(7, 0), 1.2)).as("7|0 -> 4|3, not 5|2").isEqualTo(3);
        assertThat(FairBalancer.releaseCount(4, List.of(4, 3), 1.2)).isZero();
        assertThat(FairBalancer.releaseCount(3, List.of(4, 3), 1.2)).isZero();
        assertThat(FairBalancer.desired(List.of(13, 0, 0), 1.2)).as("13 on 3: 4 x 1.2 -> 5").isEqualTo(5);
        assertThat(FairBalancer.desired(List.of(11, 0), 1.5)).as("5 x 1.5 -> 8").isEqualTo(8);
    }

    @Test
    void anEvenSplitIsTheFloorSoAThresholdOfOneSettlesAndFewTasksAreNotAllReleased() {
        // Metafora's desired would be 3 for 4|3 at threshold 1.0 (each release flips the counts) and 0 for 3 tasks on
        // 4 nodes (every node with 2+ tasks releases all of them)
        assertThat(FairBalancer.releaseCount(4, List.of(4, 3), 1.0)).isZero();
        assertThat(FairBalancer.releaseCount(7, List.of(7, 0), 1.0)).isEqualTo(3);
        assertThat(FairBalancer.releaseCount(3, List.of(3, 0, 0, 0), 1.2)).isEqualTo(2);
        assertThat(FairBalancer.desired(List.of(1, 1, 1, 0), 1.2)).isEqualTo(1);
    }

    @Test
    void singleNodeNeverReleases() {
        assertThat(FairBalancer.releaseCount(100, List.of(100), 1.2)).isZero();
        assertThat(FairBalancer.releaseCount(100, List.of(), 1.2)).isZero();
    }

    @Test
    void fewerThanTwoLocalTasksNeverRelease() {
        assertThat(FairBalancer.releaseCount(1, List.of(1, 0, 0, 0), 1.0)).isZero();
        assertThat(FairBalancer.releaseCount(0, List.of(0, 0), 1.2)).isZero();
    }

    @Test
    void desiredIsCeilOfAverageTimesThresholdWithoutFloatingPointCreep() {
        assertThat(FairBalancer.desired(List.of(5, 5), 1.2)).isEqualTo(6);
        assertThat(FairBalancer.desired(List.of(3, 3), 1.0)).isEqualTo(3);
        assertThat(FairBalancer.desired(List.of(10, 2, 0), 1.2)).isEqualTo(5);
        assertThat(FairBalancer.releaseCount(6, List.of(6, 4), 1.2)).isZero();
    }

    @Test
    void balanceReleasesTheMostRecentlyClaimedAndThenBacksOffClaims() {
        FairBalancer b = FairBalancer.create(1.2, Duration.ofSeconds(30));
        List<BalanceInput.OwnedTask> own = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            own.add(new BalanceInput.OwnedTask("t" + i, T0.plusSeconds(i)));
        }
        var released = b.balance(new BalanceInput("a", Map.of("a", 10, "b", 2), own, T0.plusSeconds(100)));
        assertThat(released).containsExactlyInAnyOrder("t9", "t8");

        TaskRecord task = new TaskRecord("x", "type", NullNode.getInstance(), T0);
        ClaimDecision soon = b.canClaim(task, T0.plusSeconds(110));
        assertThat(soon.allowed()).isFalse();
        assertThat(soon.notBefore()).isEqualTo(T0.plusSeconds(130));
        assertThat(b.canClaim(task, T0.plusSeconds(130)).allowed()).isTrue();
    }

    @Test
    void balanceWithNothingToReleaseKeepsClaiming() {
        FairBalancer b = FairBalancer.create();
        var released = b.balance(new BalanceInput("a", Map.of("a", 2, "b", 10),
                List.of(new BalanceInput.OwnedTask("t1", T0), new BalanceInput.OwnedTask("t2", T0)), T0));
        assertThat(released).isEmpty();
        assertThat(b.canClaim(new TaskRecord("x", "type", null, T0), T0).allowed()).isTrue();
    }

    @Test
    void rejectsAThresholdBelowOne() {
        assertThatThrownBy(() -> FairBalancer.create(0.9, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FairBalancer.create(Double.NaN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void balanceInputMustContainSelf() {
        assertThatThrownBy(() -> new BalanceInput("a", Map.of("b", 1), List.of(), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a");
    }

    @Test
    void mayReleaseIsACheapLocalPreCheck() {
        assertThat(FairBalancer.create().mayRelease(1)).isFalse();
        assertThat(FairBalancer.create().mayRelease(2)).isTrue();
        assertThat(ResourceBalancer.create(() -> 99, 80, 90).mayRelease(0)).isFalse();
        assertThat(ResourceBalancer.create(() -> 99, 80, 90).mayRelease(1)).isTrue();
    }
}
