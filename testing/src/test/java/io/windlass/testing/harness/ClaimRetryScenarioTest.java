package io.windlass.testing.harness;

import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A claim that fails with a retryable error (the etcd coordinator refuses claims while its lease's local deadline has
 * passed) must not strand the task: the node tries again after {@code claimRetry} and the task runs.
 */
class ClaimRetryScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aRetryableClaimFailureIsRetriedAfterClaimRetryNotDropped() {
        AtomicInteger refusals = new AtomicInteger(2);
        AtomicInteger attempts = new AtomicInteger();
        h = TaskHarness.builder()
                .register("job", Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofDays(1)))))
                .coordinatorDecorator(delegate -> new ForwardingCoordinator(delegate) {
                    @Override
                    public CompletableFuture<ClaimResult> claim(String taskId) {
                        attempts.incrementAndGet();
                        if (refusals.getAndDecrement() > 0) {
                            return CompletableFuture.failedFuture(new WindlassException(ErrorCode.UNAVAILABLE,
                                    "lease not valid now"));
                        }
                        return delegate.claim(taskId);
                    }
                }).build();

        h.submit("t1", "job");
        assertThat(h.owner("t1")).as("refused once: not yet claimed").isEmpty();

        h.advance(Duration.ofMinutes(1));

        h.assertTask("t1").isIn(SLEEPING).isOwnedBy("node-1");
        assertThat(attempts.get()).isEqualTo(3);
    }
}
