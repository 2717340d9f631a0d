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

/**
 * Bounded waiting on jetcd futures and the mapping of jetcd/gRPC failures to {@link WindlassException}s. Access
 * failures are never retryable: etcd's "permission denied" is PERMISSION_DENIED and a refused login ("invalid user ID
 * or password", "user name is empty") UNAUTHENTICATED, both naming the key prefix and the etcd user, so a worker with
 * the wrong role fails at start-up instead of retrying forever. (An expired token or a changed auth store is not an
 * access failure: jetcd fetches a new token and retries before the call fails.)
 */
final class EtcdCalls {
    private final Duration timeout;
    private final String endpoint;
    private final String prefix;
    private final String identity;

    EtcdCalls(Duration timeout, String endpoint) {
        this(timeout, endpoint, null, null);
    }

    /**
     * @param prefix   the key prefix the caller works on, e.g. {@code /prod/}, for access-failure messages
     * @param identity the etcd user (or certificate CN) of the connection; null when it does not authenticate
     */
    EtcdCalls(Duration timeout, String endpoint, String prefix, String identity) {
        this.timeout = timeout;
        this.endpoint = endpoint;
        this.prefix = prefix;
        this.identity = identity;
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
        WindlassException access = accessFailure(t, grpc, what);
        if (access != null) {
            return access;
        }
        String tls = tlsFailure(t);
        if (tls != null) {
            return new WindlassException(ErrorCode.UNAVAILABLE, what + ": TLS handshake with etcd at " + endpoint
                    + " failed (" + tls + "): check that the CA file (--cacert) signed etcd's server certificate, "
                    + "that the certificate names the endpoint's host (or set the authority), and that etcd accepts "
                    + "the client certificate", t);
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

    /** PERMISSION_DENIED / UNAUTHENTICATED (not retryable) for etcd's access refusals; null for other failures. */
    private WindlassException accessFailure(Throwable t, Status.Code grpc, String what) {
        String causes = causeMessages(t);
        String keys = prefix == null ? "its keys" : prefix;
        String who = identity == null ? "no user (the connection does not authenticate)" : "user '" + identity + "'";
        if (grpc == Status.Code.PERMISSION_DENIED || causes.contains("etcdserver: permission denied")) {
            return new WindlassException(ErrorCode.PERMISSION_DENIED, what + ": etcd at " + endpoint
                    + " denied access to " + keys + " for " + who + " (" + causes + "); the user needs a role with "
                    + "readwrite on " + keys + roleHint(), t);
        }
        if (grpc == Status.Code.UNAUTHENTICATED || causes.contains("invalid user ID or password")
                || causes.contains("user name is empty") || causes.contains("authentication is not enabled")) {
            String hint = causes.contains("user name is empty")
                    ? "etcd has auth enabled: pass --user and --password-file (or a client certificate)"
                    : "check the user and password";
            return new WindlassException(ErrorCode.UNAUTHENTICATED, what + ": etcd at " + endpoint
                    + " did not authenticate " + who + " for " + keys + " (" + causes + "); " + hint, t);
        }
        return null;
    }

    /** The TLS problem along the cause chain (e.g. "PKIX path building failed"), or null if there is none. */
    private static String tlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
                return c.getClass().getSimpleName() + ": " + c.getMessage();
            }
        }
        return null;
    }

    /** How to grant the role, e.g. {@code " (windlass etcd-role --namespace ns --user alice)"}; empty if unknown. */
    private String roleHint() {
        if (prefix == null || !prefix.startsWith("/") || !prefix.endsWith("/") || prefix.length() < 3) {
            return "";
        }
        String user = identity == null ? "USER" : identity.replace(" (client certificate CN)", "");
        return " (windlass etcd-role --namespace " + prefix.substring(1, prefix.length() - 1) + " --user " + user + ")";
    }

    /** The distinct messages along the cause chain, joined: jetcd puts the server's reason in a cause. */
    private static String causeMessages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null && all.length() < 500; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && all.indexOf(m) < 0) {
                all.append(all.length() == 0 ? "" : "; ").append(m);
            }
        }
        return all.length() == 0 ? t.getClass().getSimpleName() : all.toString();
    }
}
