package io.windlass.consumer.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.consumer.spi.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResourceBalancerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicReference<Double> usage = new AtomicReference<>(50.0);
    private final ResourceBalancer balancer = ResourceBalancer.create(usage::get, 80, 90);
    private final TaskRecord task = new TaskRecord("x", "type", null, T0);

    @Test
    void claimsOnlyAtOrBelowTheClaimLimit() {
        assertThat(balancer.canClaim(task, T0).allowed()).isTrue();
        usage.set(80.0);
        assertThat(balancer.canClaim(task, T0).allowed()).isTrue();
        usage.set(85.0);
        ClaimDecision d = balancer.canClaim(task, T0);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("85.0%", "80.0%");
    }

    @Test
    void aBrokenReporterCountsAsFull() {
        ResourceBalancer broken = ResourceBalancer.create(() -> { throw new IllegalStateException("no"); }, 80, 90);
        assertThat(broken.canClaim(task, T0).allowed()).isFalse();
        ResourceBalancer nan = ResourceBalancer.create(() -> Double.NaN, 80, 90);
        assertThat(nan.canClaim(task, T0).allowed()).isFalse();
    }

    @Test
    void releaseCountIsProportionalToTheExcess() {
        assertThat(ResourceBalancer.releaseCount(10, 90, 90)).isZero();
        assertThat(ResourceBalancer.releaseCount(10, 95, 90)).isEqualTo(1);
        assertThat(ResourceBalancer.releaseCount(10, 100, 50)).isEqualTo(5);
        assertThat(ResourceBalancer.releaseCount(1, 99, 90)).isEqualTo(1);
        assertThat(ResourceBalancer.releaseCount(0, 99, 90)).isZero();
    }

    @Test
    void releasesTheOldestTasksFirst() {
        usage.set(100.0);
        ResourceBalancer b = ResourceBalancer.create(usage::get, 40, 50);
        var own = List.of(new BalanceInput.OwnedTask("new", T0.plusSeconds(30)),
                new BalanceInput.OwnedTask("old", T0), new BalanceInput.OwnedTask("mid", T0.plusSeconds(10)),
                new BalanceInput.OwnedTask("newer", T0.plusSeconds(40)));
        assertThat(b.balance(new BalanceInput("a", Map.of("a", 4), own, T0))).containsExactly("old", "mid");
        usage.set(30.0);
        assertThat(b.balance(new BalanceInput("a", Map.of("a", 4), own, T0))).isEmpty();
    }

    @Test
    void validatesLimits() {
        assertThatThrownBy(() -> ResourceBalancer.create(() -> 0, 90, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceBalancer.create(() -> 0, 0, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourceBalancer.create(() -> 0, 80, 101))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
