package io.windlass.etcd;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.concurrent.CompletableFuture;

/**
 * The lifecycle of a {@link DefaultEtcdCoordinator}, held in one {@code AtomicReference}:
 * {@link NotStarted} → {@link Starting} → {@link Running} → {@link Stopping} → {@link Stopped}. A start that fails goes
 * from {@link Starting} to {@link Stopping}; a close before any start from {@link NotStarted} to {@link Stopped}. Every
 * state after {@link NotStarted} holds the {@link CoordinatorRun} that start built (also when stopped, so the last
 * lease id and deadline stay readable). Immutable.
 */
sealed interface CoordinatorState {
    /** The run this state holds; null before any start. */
    CoordinatorRun run();

    /** True while calls are served: starting (the first re-list already offers tasks) and running. */
    default boolean serves() {
        return false;
    }

    /** Why a call is refused in this state (when it does not {@link #serves serve} calls). */
    default WindlassException refusal() {
        return new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator is closed");
    }

    record NotStarted() implements CoordinatorState {
        @Override
        public CoordinatorRun run() {
            return null;
        }

        @Override
        public WindlassException refusal() {
            return new WindlassException(ErrorCode.ILLEGAL_STATE, "not started");
        }
    }

    /**
     * {@code start} is granting the lease, registering and re-listing; {@code ended} completes when it returns. Only
     * {@code start} leaves this state (a concurrent {@code close} waits for {@code ended}).
     */
    record Starting(CoordinatorRun run, CompletableFuture<Void> ended) implements CoordinatorState {
        @Override
        public boolean serves() {
            return true;
        }
    }

    record Running(CoordinatorRun run) implements CoordinatorState {
        @Override
        public boolean serves() {
            return true;
        }
    }

    /**
     * Being torn down, by {@code close} or by a {@code start} that failed; {@code stopped} completes after. Only the
     * thread that entered it leaves it (a concurrent {@code close} waits for {@code stopped}).
     */
    record Stopping(CoordinatorRun run, CompletableFuture<Void> stopped) implements CoordinatorState {
    }

    /** Final; {@code run} is null if the coordinator was closed without having started. */
    record Stopped(CoordinatorRun run) implements CoordinatorState {
    }
}
