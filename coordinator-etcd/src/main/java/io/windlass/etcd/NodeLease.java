package io.windlass.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.NoSuchLeaseException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.windlass.consumer.spi.DaemonThreads;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one lease and its keep-alive. Instead of jetcd's stream keep-alive (whose deadline is not observable)
 * it sends {@code keepAliveOnce} every granted-TTL/3 and keeps a local deadline:
 * {@code validUntil = System.nanoTime() at send time + TTL granted in the answer}. The lease is declared lost (once,
 * via {@code onLost} with the lost lease id) when etcd answers TTL &le; 0 / not found, or when the local deadline
 * passes without a successful answer (the same signal as jetcd's keep-alive {@code onCompleted}).
 *
 * <p>Threading: the keep-alive has a thread of its own that nothing else uses and that never blocks (ticks only send
 * {@code keepAliveOnce} asynchronously and check the local deadline), so no blocking call elsewhere in the node (a
 * draining update, a re-join, a slow committer timer) can delay a keep-alive past the lease's TTL. {@code onLost} is
 * called on that thread or on the thread completing a keep-alive answer, and must return quickly (hand off).
 */
final class NodeLease {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);

    private final Lease leases;
    private final ScheduledExecutorService scheduler;
    private final EtcdCalls calls;
    private final Duration requestedTtl;
    private final LongConsumer onLost;
    private volatile long id;
    private volatile long ttlSeconds;
    private volatile long validUntilNanos;
    private volatile boolean lost = true;
    private volatile boolean stopped;
    private ScheduledFuture<?> tick;

    private ScheduledFuture<?> deadlineCheck;

    NodeLease(Lease leases, String node, EtcdCalls calls, Duration ttl, LongConsumer onLost) {
        this.leases = leases;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("windlass-etcd-keepalive-" + node));
        this.calls = calls;
        this.requestedTtl = ttl;
        this.onLost = onLost;
    }

    /** Grants a fresh lease (blocking, bounded) and starts keeping it alive. */
    long grant() {
        return calls.await(grantAsync(), "lease grant");
    }

    /**
     * Grants a fresh lease without blocking any thread (bounded by the request timeout) and starts keeping it alive;
     * the future completes with its id, or fails (mapped) when etcd did not grant one.
     */
    CompletableFuture<Long> grantAsync() {
        long sent = System.nanoTime();
        return calls.bounded(leases.grant(requestedTtl.toSeconds()), "lease_grant")
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(calls.map(t, "lease grant")))
                .thenApply(r -> granted(sent, r));
    }

    private synchronized long granted(long sent, LeaseGrantResponse r) {
        if (r.getTTL() <= 0) {
            throw new WindlassException(ErrorCode.UNAVAILABLE, "etcd granted a lease with TTL " + r.getTTL());
        }
        id = r.getID();
        ttlSeconds = r.getTTL();
        validUntilNanos = sent + TimeUnit.SECONDS.toNanos(ttlSeconds);
        lost = false;
        schedule(period());
        if (deadlineCheck == null && !stopped) {
            deadlineCheck = scheduler.scheduleWithFixedDelay(this::checkDeadline, 100, 100, TimeUnit.MILLISECONDS);
        }
        return id;
    }

    long id() {
        return id;
    }

    /** The keep-alive period: granted TTL / 3. */
    Duration period() {
        return Duration.ofMillis(Math.max(100, TimeUnit.SECONDS.toMillis(ttlSeconds) / 3));
    }

    long validUntilNanos() {
        return validUntilNanos;
    }

    boolean valid() {
        return !lost && System.nanoTime() - validUntilNanos < 0;
    }

    private synchronized void schedule(Duration delay) {
        if (tick != null) {
            tick.cancel(false);
        }
        if (!stopped) {
            tick = scheduler.schedule(this::keepAlive, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void keepAlive() {
        long lease = id;
        if (stopped || lost) {
            return;
        }
        long sent = System.nanoTime();
        calls.bounded(leases.keepAliveOnce(lease), "lease_keepalive")
                .whenComplete((r, t) -> onAnswer(lease, sent, r, t));
        // hedge: an attempt stuck on an etcd member that is cut off (no answer, no error until the request timeout)
        // must not use up the lease. If no answer came within one period, the next attempt goes out anyway (gRPC's
        // round robin sends it through another member); a late answer still counts. An answer re-arms this tick.
        schedule(period());
    }

    private void onAnswer(long lease, long sent, LeaseKeepAliveResponse r, Throwable t) {
        if (stopped || lease != id || lost) {
            return;
        }
        calls.keepAlive(Duration.ofNanos(System.nanoTime() - sent), t == null && r.getTTL() > 0);
        if (t == null && r.getTTL() > 0) {
            long until = sent + TimeUnit.SECONDS.toNanos(r.getTTL());
            if (until - validUntilNanos > 0) {
                validUntilNanos = until;
            }
            schedule(period());
            return;
        }
        if (t == null || notFound(t)) {
            declareLost(lease, "etcd says the lease is gone");
        } else if (System.nanoTime() - validUntilNanos >= 0) {
            declareLost(lease, "no keep-alive answer before the local deadline (" + t.getMessage() + ")");
        } else {
            LOG.debug("keep-alive of lease {} failed, retrying: {}", Long.toHexString(lease), t.toString());
            schedule(Duration.ofMillis(Math.min(500, period().toMillis())));
        }
    }

    private void declareLost(long lease, String why) {
        synchronized (this) {
            if (lost || lease != id) {
                return;
            }
            lost = true;
        }
        LOG.warn("lease {} lost: {}", Long.toHexString(lease), why);
        onLost.accept(lease);
    }

    /** Checks the local deadline now (called periodically too): past it, the lease counts as lost. */
    void checkDeadline() {
        if (!stopped && !lost && System.nanoTime() - validUntilNanos >= 0) {
            declareLost(id, "local deadline passed");
        }
    }

    private static boolean notFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NoSuchLeaseException) {
                return true;
            }
            if (c instanceof EtcdException e
                    && e.getErrorCode() == io.etcd.jetcd.common.exception.ErrorCode.NOT_FOUND) {
                return true;
            }
            if (String.valueOf(c.getMessage()).contains("requested lease not found")) {
                return true;
            }
        }
        return false;
    }

    /** Revokes the current lease (bounded; failures logged): its keys (claims, node key) vanish at once. */
    void revoke(long lease) {
        revokeAsync(lease).join(); // never fails, bounded by the request timeout
    }

    /** {@link #revoke} without blocking: the future completes (never fails) once etcd answered or the call failed. */
    CompletableFuture<Void> revokeAsync(long lease) {
        return calls.bounded(leases.revoke(lease)).handle((r, t) -> {
            if (t != null) {
                LOG.info("revoking lease {} failed (it will expire): {}", Long.toHexString(lease),
                        calls.map(t, "lease revoke").getMessage());
            }
            return null;
        });
    }

    /**
     * Gives {@code lease} up without reporting it lost (the caller knows: a re-join whose registration was refused):
     * stops keeping it alive and revokes it. The future never fails.
     */
    CompletableFuture<Void> abandon(long lease) {
        synchronized (this) {
            if (lease == id) {
                lost = true;
            }
        }
        return revokeAsync(lease);
    }

    /** Stops keeping the lease alive and ends the keep-alive thread. */
    synchronized void stop() {
        stopped = true;
        lost = true;
        if (tick != null) {
            tick.cancel(false);
        }
        scheduler.shutdownNow();
    }
}
