package io.windlass.etcd;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of an {@link EtcdCoordinator} (and the request timeout of an {@link EtcdTaskClient}).
 *
 * @param leaseTtl           the node lease's requested TTL (etcd may grant more; the granted TTL is used); kept
 *                           alive every TTL/3
 * @param requestTimeout     deadline of every etcd call
 * @param batchMaxWrites     group commit: at most this many writes and claims (nested txns) per outer txn, 1..126;
 *                           1 sends one flat txn per write or claim (the benchmark baseline)
 * @param batchMaxBytes      group commit: at most this many encoded bytes per outer txn (etcd's cap is 1.5 MiB)
 * @param batchMaxDelay      group commit: how long a write may wait for company while other batches are in flight
 * @param maxBatchesInFlight group commit: outer txns sent but not answered, at most
 * @param watchSilence       a watch with no event or progress notification for this long is recreated
 * @param endpoint           how error messages name the etcd endpoint(s)
 * @param clock              wall clock for the timestamps stored in values (never for lease timing)
 * @param observer           sees the coordinator's etcd requests, keep-alives and watch restarts (metrics)
 */
public record EtcdCoordinatorSettings(Duration leaseTtl, Duration requestTimeout, int batchMaxWrites,
                                      int batchMaxBytes, Duration batchMaxDelay, int maxBatchesInFlight,
                                      Duration watchSilence, String endpoint, Clock clock, EtcdObserver observer) {
    public EtcdCoordinatorSettings {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(batchMaxDelay, "batchMaxDelay");
        Objects.requireNonNull(watchSilence, "watchSilence");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(clock, "clock");
        if (leaseTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("leaseTtl must be >= 1 s, was " + leaseTtl);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0");
        }
        if (batchMaxWrites < 1 || batchMaxWrites > 126) {
            throw new IllegalArgumentException("batchMaxWrites must be 1..126 (etcd --max-txn-ops 128)");
        }
        if (batchMaxBytes < 4096 || batchMaxBytes > 1024 * 1024) {
            throw new IllegalArgumentException("batchMaxBytes must be 4 KiB..1 MiB (etcd caps requests at 1.5 MiB)");
        }
        if (maxBatchesInFlight < 1) {
            throw new IllegalArgumentException("maxBatchesInFlight must be >= 1");
        }
        if (watchSilence.toMillis() < 100) {
            throw new IllegalArgumentException("watchSilence must be >= 100 ms");
        }
    }

    /** The settings without an observer ({@link EtcdObserver#NONE}). */
    public EtcdCoordinatorSettings(Duration leaseTtl, Duration requestTimeout, int batchMaxWrites, int batchMaxBytes,
                                   Duration batchMaxDelay, int maxBatchesInFlight, Duration watchSilence,
                                   String endpoint, Clock clock) {
        this(leaseTtl, requestTimeout, batchMaxWrites, batchMaxBytes, batchMaxDelay, maxBatchesInFlight, watchSilence,
                endpoint, clock, EtcdObserver.NONE);
    }

    /** TTL 10 s, timeout 5 s, batches of up to 64 writes / 512 KiB, 2 ms delay, 4 in flight, 30 s silence. */
    public static EtcdCoordinatorSettings defaults() {
        return new EtcdCoordinatorSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), 64, 512 * 1024,
                Duration.ofMillis(2), 4, Duration.ofSeconds(30), "etcd", Clock.systemUTC());
    }

    public EtcdCoordinatorSettings withLeaseTtl(Duration ttl) {
        return new EtcdCoordinatorSettings(ttl, requestTimeout, batchMaxWrites, batchMaxBytes, batchMaxDelay,
                maxBatchesInFlight, watchSilence, endpoint, clock, observer);
    }

    public EtcdCoordinatorSettings withRequestTimeout(Duration timeout) {
        return new EtcdCoordinatorSettings(leaseTtl, timeout, batchMaxWrites, batchMaxBytes, batchMaxDelay,
                maxBatchesInFlight, watchSilence, endpoint, clock, observer);
    }

    /** {@code maxWrites == 1}: one flat txn per write (no group commit). */
    public EtcdCoordinatorSettings withBatching(int maxWrites, Duration maxDelay, int inFlight) {
        return new EtcdCoordinatorSettings(leaseTtl, requestTimeout, maxWrites, batchMaxBytes, maxDelay, inFlight,
                watchSilence, endpoint, clock, observer);
    }

    public EtcdCoordinatorSettings withWatchSilence(Duration silence) {
        return new EtcdCoordinatorSettings(leaseTtl, requestTimeout, batchMaxWrites, batchMaxBytes, batchMaxDelay,
                maxBatchesInFlight, silence, endpoint, clock, observer);
    }

    public EtcdCoordinatorSettings withEndpoint(String name) {
        return new EtcdCoordinatorSettings(leaseTtl, requestTimeout, batchMaxWrites, batchMaxBytes, batchMaxDelay,
                maxBatchesInFlight, watchSilence, name, clock, observer);
    }

    public EtcdCoordinatorSettings withClock(Clock wallClock) {
        return new EtcdCoordinatorSettings(leaseTtl, requestTimeout, batchMaxWrites, batchMaxBytes, batchMaxDelay,
                maxBatchesInFlight, watchSilence, endpoint, wallClock, observer);
    }

    /** The same settings reporting to {@code o} (one observer; a later call replaces it). */
    public EtcdCoordinatorSettings withObserver(EtcdObserver o) {
        return new EtcdCoordinatorSettings(leaseTtl, requestTimeout, batchMaxWrites, batchMaxBytes, batchMaxDelay,
                maxBatchesInFlight, watchSilence, endpoint, clock, o);
    }
}
