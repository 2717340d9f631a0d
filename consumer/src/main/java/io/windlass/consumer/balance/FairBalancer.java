package io.windlass.consumer.balance;

import io.windlass.consumer.spi.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Spreads tasks evenly: a node holding more than {@link #desired desired} tasks releases the excess, most recently
 * claimed first (the least settled work moves). Desired is Metafora's: the integer average (total / nodes, rounded
 * down) times the threshold, rounded up — so 7 tasks on 2 nodes settle at 4|3 as in Metafora (the plain average,
 * {@code ceil(3.5 × 1.2) = 5}, let them settle at 5|2) — but never below {@code ceil(total / nodes)}, what the
 * busiest node holds in an even split. That floor is a deliberate difference: without it a threshold of 1.0 never
 * settles on odd counts (4|3 releases one: 3|4, which releases one back...), and with fewer tasks than nodes Metafora's
 * desired count is 0, so every node with 2+ tasks would release all of them instead of all but one. It never
 * releases with fewer than 2 tasks or when it is the only live node. After releasing it claims nothing for
 * {@code releaseBackoff}, so released tasks go to other nodes. Call it from one consumer control loop only (see
 * {@link Balancer}).
 */
public final class FairBalancer implements Balancer {
    public static final double DEFAULT_THRESHOLD = 1.2;
    public static final Duration DEFAULT_RELEASE_BACKOFF = Duration.ofSeconds(30);

    private final double threshold;
    private final Duration releaseBackoff;
    private Instant noClaimsUntil = Instant.MIN;

    private FairBalancer(double threshold, Duration releaseBackoff) {
        if (!(threshold >= 1.0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number >= 1.0, was " + threshold);
        }
        Objects.requireNonNull(releaseBackoff, "releaseBackoff");
        if (releaseBackoff.isNegative()) {
            throw new IllegalArgumentException("releaseBackoff must not be negative");
        }
        this.threshold = threshold;
        this.releaseBackoff = releaseBackoff;
    }

    public static FairBalancer create() {
        return new FairBalancer(DEFAULT_THRESHOLD, DEFAULT_RELEASE_BACKOFF);
    }

    /**
     * @param threshold      tolerated excess over the average (&gt;= 1.0; 1.2 = 20 %)
     * @param releaseBackoff how long to claim nothing after releasing
     */
    public static FairBalancer create(double threshold, Duration releaseBackoff) {
        return new FairBalancer(threshold, releaseBackoff);
    }

    @Override
    public ClaimDecision canClaim(TaskRecord task, Instant now) {
        if (now.isBefore(noClaimsUntil)) {
            return ClaimDecision.notBefore(noClaimsUntil,
                    "fair balancer released tasks; no claims until " + noClaimsUntil);
        }
        return ClaimDecision.claim();
    }

    /** Never with fewer than 2 own tasks. */
    @Override
    public boolean mayRelease(int ownCount) {
        return ownCount >= 2;
    }

    @Override
    public Set<String> balance(BalanceInput input) {
        int release = releaseCount(input.ownCount(), input.nodeCounts().values(), threshold);
        release = Math.min(release, input.ownTasks().size());
        if (release <= 0) {
            return Set.of();
        }
        List<BalanceInput.OwnedTask> oldestFirst = input.ownTasks();
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = oldestFirst.size() - 1; chosen.size() < release; i--) {
            chosen.add(oldestFirst.get(i).taskId());
        }
        noClaimsUntil = input.now().plus(releaseBackoff);
        return chosen;
    }

    /**
     * The most tasks a node may hold given {@code counts} (all live, non-draining nodes, this one included):
     * {@code max(ceil(floor(total / nodes) × threshold), ceil(total / nodes))} — Metafora's integer math, floored at
     * an even split (see the class comment). 0 without nodes.
     */
    public static int desired(Collection<Integer> counts, double threshold) {
        if (counts.isEmpty()) {
            return 0;
        }
        long total = counts.stream().mapToLong(Integer::longValue).sum();
        long nodes = counts.size();
        long integerAverage = total / nodes;
        int metafora = (int) Math.ceil(integerAverage * threshold - 1e-9);
        int evenSplit = (int) ((total + nodes - 1) / nodes);
        return Math.max(metafora, evenSplit);
    }

    /**
     * How many tasks a node with {@code own} tasks releases: {@code own − desired} when above {@code desired}; 0 with
     * fewer than 2 own tasks or fewer than 2 live nodes. Pure.
     */
    public static int releaseCount(int own, Collection<Integer> counts, double threshold) {
        if (own < 2 || counts.size() < 2) {
            return 0;
        }
        return Math.max(0, own - desired(counts, threshold));
    }
}
