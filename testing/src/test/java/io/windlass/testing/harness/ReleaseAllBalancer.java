package io.windlass.testing.harness;

import io.windlass.consumer.balance.BalanceInput;
import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.balance.ClaimDecision;
import io.windlass.consumer.spi.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Metafora's releaseAllBalancer: claims everything and gives everything away on each balance (recorded). */
final class ReleaseAllBalancer implements Balancer {
    /** What each balance released, in order. */
    final List<Set<String>> balanced = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ClaimDecision canClaim(TaskRecord task, Instant now) {
        return ClaimDecision.claim();
    }

    @Override
    public Set<String> balance(BalanceInput input) {
        Set<String> all = new TreeSet<>();
        input.ownTasks().forEach(t -> all.add(t.taskId()));
        balanced.add(all);
        return all;
    }
}
