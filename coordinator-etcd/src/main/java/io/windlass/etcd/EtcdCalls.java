package io.windlass.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.windlass.consumer.spi.Failures;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waiting on jetcd futures and the mapping of jetcd/gRPC failures to {@link WindlassException}s. */
final class EtcdCalls {
    private final Duration timeout;
    private final String endpoint;

    EtcdCalls(Duration timeout, String endpoint) {
        this.timeout = timeout;
        this.endpoint = endpoint;
    }

    String endpoint() {
        return endpoint;
    }

    /** Blocks for at most the request timeout; maps every failure to a WindlassException. */
    <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new WindlassException(ErrorCode.INTERRUPTED, what + " interrupted", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(what, e);
        } catch (ExecutionException e) {
            throw map(e.getCause(), what);
        }
    }

    /** The same future, failing with a TimeoutException after the request timeout. */
    <T> CompletableFuture<T> bounded(CompletableFuture<T> future) {
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    WindlassException timedOut(String what, Throwable cause) {
        return new WindlassException(ErrorCode.UNAVAILABLE,
                what + ": etcd at " + endpoint + " did not answer within " + timeout.toMillis() + " ms", cause);
    }

    /** Maps a failure (possibly wrapped) to a WindlassException; WindlassExceptions pass through. */
    WindlassException map(Throwable failure, String what) {
        Throwable t = Failures.unwrap(failure);
        if (t instanceof WindlassException w) {
            return w;
        }
        if (t instanceof TimeoutException) {
            return timedOut(what, t);
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new WindlassException(ErrorCode.INTERRUPTED, what + " interrupted", t);
        }
        String message = String.valueOf(t.getMessage());
        Status.Code grpc = null;
        if (t instanceof StatusRuntimeException s) {
            grpc = s.getStatus().getCode();
        } else if (t instanceof EtcdException e) {
            grpc = Status.Code.valueOf(e.getErrorCode().name());
        }
        if (message.contains("database space exceeded") || message.contains("NOSPACE")) {
            return new WindlassException(ErrorCode.NO_SPACE, what + ": etcd at " + endpoint + " is out of space", t);
        }
        if (message.contains("request is too large")) {
            return new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, what + ": " + message, t);
        }
        if (grpc == Status.Code.INVALID_ARGUMENT || grpc == Status.Code.FAILED_PRECONDITION) {
            return new WindlassException(ErrorCode.INVALID_ARGUMENT, what + ": etcd refused: " + message, t);
        }
        if (t instanceof CancellationException) {
            return new WindlassException(ErrorCode.UNAVAILABLE, what + ": cancelled (client closing?)", t);
        }
        return new WindlassException(ErrorCode.UNAVAILABLE,
                what + ": etcd at " + endpoint + " failed: " + t.getClass().getSimpleName() + ": " + message, t);
    }
}
