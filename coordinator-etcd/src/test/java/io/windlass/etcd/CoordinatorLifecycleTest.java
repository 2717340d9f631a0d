package io.windlass.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import io.windlass.testing.contract.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's lifecycle where no etcd is needed: before start, closed before start, and a start that fails
 * (nothing listens on the endpoint). Every call is refused with ILLEGAL_STATE and the reason; no second start.
 */
class CoordinatorLifecycleTest {
    private final Client client = EtcdClients.connect("http://127.0.0.1:1");
    private final DefaultEtcdCoordinator coordinator = new DefaultEtcdCoordinator(client, new Keys("ns"),
            EtcdCoordinatorSettings.defaults().withRequestTimeout(Duration.ofSeconds(3)), WireCodec.standard());

    @AfterEach
    void closeClient() {
        coordinator.close();
        client.close();
    }

    @Test
    void beforeStartEveryCallIsRefusedAsNotStarted() {
        assertRefused("not started");
        assertThat(coordinator.leaseId()).isZero();
        assertThat(coordinator.isLeaseValid()).isFalse();
        assertThat(coordinator.leaseValidUntilNanos() - System.nanoTime()).isNotPositive();
        assertThat(coordinator.watch()).isNull();
    }

    @Test
    void closedBeforeStartItRefusesCallsAndAStart() {
        coordinator.close();
        coordinator.close();

        assertRefused("coordinator is closed");
        assertIllegalState(() -> coordinator.start("n1", new RecordingListener()), "already started or closed");
    }

    @Test
    void aStartThatFailsLeavesItClosed() {
        assertThatThrownBy(() -> coordinator.start("n1", new RecordingListener()))
                .isInstanceOfSatisfying(WindlassException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE));

        assertRefused("coordinator is closed");
        assertThat(coordinator.isLeaseValid()).isFalse();
        assertThat(coordinator.watch()).as("the run it built is kept").isNotNull();
        assertIllegalState(() -> coordinator.start("n1", new RecordingListener()), "already started or closed");
        coordinator.close();
    }

    private void assertRefused(String why) {
        assertFailed(coordinator.claim("t1"), why);
        assertFailed(coordinator.release("t1", 5), why);
        assertFailed(coordinator.nodes(), why);
        assertFailed(coordinator.setDraining(true), why);
        assertFailed(coordinator.ackNodeCommand("c1"), why);
        WriteResult w = coordinator.write(new StateWrite("t1", 5, 1, TaskState.initial(), List.of(), false, false)).join();
        assertThat(w).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
            assertThat(f.error().getMessage()).contains(why);
        });
    }

    private static void assertFailed(CompletableFuture<?> f, String why) {
        assertIllegalState(f::join, why);
    }

    private static void assertIllegalState(ThrowingCallable call, String why) {
        assertThatThrownBy(call).satisfies(t -> {
            Throwable cause = t.getCause() instanceof WindlassException ? t.getCause() : t;
            assertThat(cause).isInstanceOfSatisfying(WindlassException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
                assertThat(e.getMessage()).contains(why);
            });
        });
    }
}
