package io.windlass.consumer.balance;

import io.windlass.consumer.spi.TaskRecord;
import java.time.Instant;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Decides which offered tasks this node claims and which of its tasks it gives away (SPI).
 *
 * <p>Threading: one balancer instance belongs to one consumer; the consumer calls it from its control loop only, one
 * call at a time (never concurrently), so an implementation may keep plain mutable state. Calls must be quick and
 * must not block; an exception is logged by the consumer and treated as "claim" / "release nothing".
 */
public interface Balancer {

    /**
     * Whether this node should claim {@code task} now. {@link ClaimDecision#notBefore} makes the consumer keep the task
     * on its ignore list and ask again at that time; {@link ClaimDecision#deny} makes it ask again later.
     */
    ClaimDecision canClaim(TaskRecord task, Instant now);

    /**
     * Chooses tasks of this node to release so that other nodes can take them. Called periodically and on the
     * {@code balance} node command.
     *
     * @return ids out of {@link BalanceInput#ownTasks()}; ids not owned are ignored; never null
     */
    Set<String> balance(BalanceInput input);

    /**
     * A cheap pre-check: false when {@link #balance} would release nothing for a node owning {@code ownCount} tasks
     * whatever the other nodes hold, so the consumer can skip reading the cluster's node counts. Default true.
     */
    default boolean mayRelease(int ownCount) {
        return true;
    }

    /** A {@link FairBalancer} with the default threshold (1.2) and release back-off (see there). */
    static Balancer fair() {
        return FairBalancer.create();
    }

    /**
     * A {@link ResourceBalancer}: no claims while {@code usagePercent} is above {@code claimLimit}, releases the oldest
     * tasks while it is above {@code releaseLimit}.
     */
    static Balancer resource(DoubleSupplier usagePercent, double claimLimit, double releaseLimit) {
        return ResourceBalancer.create(usagePercent, claimLimit, releaseLimit);
    }

    /**
     * A {@link ResourceBalancer} on a {@link ResourceReporter}, e.g.
     * {@code Balancer.resource(ResourceReporter.highest(ResourceReporter.linuxMemory(), ResourceReporter.jvmHeap()),
     * 80, 90)}; a reporter that throws counts as 100 %.
     */
    static Balancer resource(ResourceReporter reporter, double claimLimit, double releaseLimit) {
        java.util.Objects.requireNonNull(reporter, "reporter");
        return ResourceBalancer.create(reporter::percent, claimLimit, releaseLimit);
    }
}
