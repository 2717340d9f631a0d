package io.windlass.consumer;

import io.windlass.consumer.balance.ClaimPacing;
import io.windlass.consumer.balance.ClaimPacingInput;
import java.time.Duration;
import java.util.Objects;

/**
 * The consumer's timing settings, all {@link Duration}s measured on the consumer's scheduler clock.
 *
 * @param balanceInterval   how often the balancer runs (default 30 s)
 * @param balanceJitter     a random extra delay up to this, added to each interval (default 3 s)
 * @param shutdownGrace     how long a graceful shutdown waits for tasks to stop (default 30 s)
 * @param releaseBackoff    after releasing a task, this node does not claim it again for this long (default 30 s)
 * @param claimRetry        when a balancer denies a claim without a time, ask again after this (default 5 s)
 * @param claimDelayPerTask thundering-herd guard: delay before a claim per task already owned or being claimed,
 *                          plus a random part of one step (default 1 ms), so less-loaded nodes win offered tasks
 * @param claimDelayMax     cap of that delay (default 250 ms)
 * @param writeRetryMin     first back-off after a retryable write failure, doubled per attempt (default 100 ms)
 * @param writeRetryMax     cap of the write back-off (default 10 s)
 * @param maxClaimsInFlight claims this node has on their way at once (default 256, what the etcd coordinator's group
 *                          commit has in flight: 4 batches of 64); further offered tasks wait in a
 *                          queue, and whether to claim them (fair share, load delay) is decided when they are sent
 */
public record ConsumerSettings(Duration balanceInterval, Duration balanceJitter, Duration shutdownGrace,
                               Duration releaseBackoff, Duration claimRetry, Duration claimDelayPerTask,
                               Duration claimDelayMax, Duration writeRetryMin, Duration writeRetryMax,
                               int maxClaimsInFlight) {
    /** The default of {@link #maxClaimsInFlight()}. */
    public static final int DEFAULT_MAX_CLAIMS_IN_FLIGHT = 256;

    public ConsumerSettings {
        positive("balanceInterval", balanceInterval);
        nonNegative("balanceJitter", balanceJitter);
        nonNegative("shutdownGrace", shutdownGrace);
        nonNegative("releaseBackoff", releaseBackoff);
        positive("claimRetry", claimRetry);
        nonNegative("claimDelayPerTask", claimDelayPerTask);
        nonNegative("claimDelayMax", claimDelayMax);
        positive("writeRetryMin", writeRetryMin);
        positive("writeRetryMax", writeRetryMax);
        if (writeRetryMax.compareTo(writeRetryMin) < 0) {
            throw new IllegalArgumentException("writeRetryMax must be >= writeRetryMin");
        }
        if (maxClaimsInFlight < 1) {
            throw new IllegalArgumentException("maxClaimsInFlight must be >= 1, was " + maxClaimsInFlight);
        }
    }

    /** The settings before {@code maxClaimsInFlight} existed; it gets its default. */
    public ConsumerSettings(Duration balanceInterval, Duration balanceJitter, Duration shutdownGrace,
                            Duration releaseBackoff, Duration claimRetry, Duration claimDelayPerTask,
                            Duration claimDelayMax, Duration writeRetryMin, Duration writeRetryMax) {
        this(balanceInterval, balanceJitter, shutdownGrace, releaseBackoff, claimRetry, claimDelayPerTask,
                claimDelayMax, writeRetryMin, writeRetryMax, DEFAULT_MAX_CLAIMS_IN_FLIGHT);
    }

    /** These settings with {@code maxClaimsInFlight} replaced. */
    public ConsumerSettings withMaxClaimsInFlight(int max) {
        return new ConsumerSettings(balanceInterval, balanceJitter, shutdownGrace, releaseBackoff, claimRetry,
                claimDelayPerTask, claimDelayMax, writeRetryMin, writeRetryMax, max);
    }

    public static ConsumerSettings defaults() {
        return new ConsumerSettings(Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(250),
                Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    /** The write back-off before retry number {@code attempt} (1-based). */
    Duration writeBackoff(int attempt) {
        Duration d = writeRetryMin;
        for (int i = 1; i < attempt && d.compareTo(writeRetryMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(writeRetryMax) > 0 ? writeRetryMax : d;
    }

    /** The claim delay for a node that owns {@code owned} tasks (see {@link ClaimPacing#claimDelay}). */
    Duration claimDelay(int owned) {
        return ClaimPacing.claimDelay(owned, claimDelayPerTask, claimDelayMax);
    }

    /** The settings {@link ClaimPacing} decides with. */
    ClaimPacingInput.Pacing pacing() {
        return new ClaimPacingInput.Pacing(claimRetry, claimDelayPerTask, claimDelayMax, maxClaimsInFlight);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
