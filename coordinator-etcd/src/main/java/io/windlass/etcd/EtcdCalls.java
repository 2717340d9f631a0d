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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded waiting on jetcd futures, the mapping of jetcd/gRPC failures to {@link WindlassException}s, and the
 * {@link EtcdObserver} of the calls that name their op (an observer that throws is logged and ignored).
 */
final class EtcdCalls {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCalls.class);
    private final Duration timeout;
    private final String endpoint;
    private final EtcdObserver observer;

    EtcdCalls(Duration timeout, String endpoint) {
        this(timeout, endpoint, EtcdObserver.NONE);
    }

    EtcdCalls(Duration timeout, String endpoint, EtcdObserver observer) {
        this.timeout = timeout;
        this.endpoint = endpoint;
        this.observer = observer;
    }

    /** {@link #bounded(CompletableFuture)}, reported to the observer as a request {@code op} when it completes. */
    <T> CompletableFuture<T> bounded(CompletableFuture<T> future, String op) {
        return observed(bounded(future), op);
    }

    /** Reports {@code future}'s completion to the observer as a request {@code op}; returns {@code future}. */
    <T> CompletableFuture<T> observed(CompletableFuture<T> future, String op) {
        if (observer == EtcdObserver.NONE) {
            return future;
        }
        long sent = System.nanoTime();
        future.whenComplete((r, t) -> {
            String result = t == null ? "ok" : Failures.unwrap(t) instanceof TimeoutException ? "timeout"
                    : map(t, op).code().name().toLowerCase(java.util.Locale.ROOT);
            Duration latency = Duration.ofNanos(System.nanoTime() - sent);
            guarded("request", () -> observer.request(op, result, latency));
        });
        return future;
    }

    /** The keep-alive report (see {@link EtcdObserver#keepAlive}). */
    void keepAlive(Duration lag, boolean ok) {
        guarded("keepAlive", () -> observer.keepAlive(lag, ok));
    }

    /** The watch-restart report (see {@link EtcdObserver#watchRestarted}). */
    void watchRestarted(String reason) {
        guarded("watchRestarted", () -> observer.watchRestarted(reason));
    }

    private void guarded(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("etcd observer {} failed on {}", observer, event, e);
        }
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
