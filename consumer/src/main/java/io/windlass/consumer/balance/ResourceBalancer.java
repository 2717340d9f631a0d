package io.windlass.consumer.balance;

import io.windlass.consumer.spi.TaskRecord;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Balances on a reported resource percentage (CPU, memory, a work queue...): no claims while usage is above
 * {@code claimLimit}; while it is above {@code releaseLimit}, releases a share of the tasks proportional to the
 * excess, oldest claim first. The supplier is called on the consumer's control loop and must be quick; a value that
 * is not a number, or a supplier that throws, counts as 100 %.
 */
public final class ResourceBalancer implements Balancer {
    private final DoubleSupplier usagePercent;
    private final double claimLimit;
    private final double releaseLimit;

    private ResourceBalancer(DoubleSupplier usagePercent, double claimLimit, double releaseLimit) {
        this.usagePercent = Objects.requireNonNull(usagePercent, "usagePercent");
        if (!(claimLimit > 0 && claimLimit <= 100) || !(releaseLimit > 0 && releaseLimit <= 100)) {
            throw new IllegalArgumentException("limits are percentages in (0, 100]: claim " + claimLimit
                    + ", release " + releaseLimit);
        }
        if (releaseLimit < claimLimit) {
            throw new IllegalArgumentException("releaseLimit (" + releaseLimit + ") must be >= claimLimit ("
                    + claimLimit + "), or a node would release what it claims again at once");
        }
        this.claimLimit = claimLimit;
        this.releaseLimit = releaseLimit;
    }

    public static ResourceBalancer create(DoubleSupplier usagePercent, double claimLimit, double releaseLimit) {
        return new ResourceBalancer(usagePercent, claimLimit, releaseLimit);
    }

    @Override
    public ClaimDecision canClaim(TaskRecord task, Instant now) {
        double usage = usage();
        if (usage > claimLimit) {
            return ClaimDecision.deny(String.format("resource usage %.1f%% is above the claim limit %.1f%%",
                    usage, claimLimit));
        }
        return ClaimDecision.claim();
    }

    /** Never without own tasks. */
    @Override
    public boolean mayRelease(int ownCount) {
        return ownCount >= 1;
    }

    @Override
    public Set<String> balance(BalanceInput input) {
        int release = releaseCount(input.ownTasks().size(), usage(), releaseLimit);
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < release; i++) {
            chosen.add(input.ownTasks().get(i).taskId());
        }
        return chosen;
    }

    private double usage() {
        try {
            double v = usagePercent.getAsDouble();
            return Double.isNaN(v) ? 100.0 : v;
        } catch (RuntimeException e) {
            return 100.0;
        }
    }

    /**
     * How many of {@code own} tasks to release at {@code usage} %: 0 at or below {@code releaseLimit}; above it
     * {@code ceil(own × (usage − releaseLimit) / usage)}, at least 1 and at most {@code own}. Pure.
     */
    public static int releaseCount(int own, double usage, double releaseLimit) {
        if (own <= 0 || !(usage > releaseLimit)) {
            return 0;
        }
        int n = (int) Math.ceil(own * (usage - releaseLimit) / usage - 1e-9);
        return Math.max(1, Math.min(own, n));
    }
}
