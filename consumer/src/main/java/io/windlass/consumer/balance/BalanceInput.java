package io.windlass.consumer.balance;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a balancer sees: the claim counts of the live, non-draining nodes (this node included, with its own current
 * count), this node's tasks with their claim times, and {@code now}.
 *
 * @param selfId     this node
 * @param nodeCounts live non-draining node id → number of claimed tasks; always contains {@code selfId}
 * @param ownTasks   this node's tasks, oldest claim first
 * @param now        the consumer's clock
 */
public record BalanceInput(String selfId, Map<String, Integer> nodeCounts, List<OwnedTask> ownTasks, Instant now) {

    public BalanceInput {
        Objects.requireNonNull(selfId, "selfId");
        Objects.requireNonNull(now, "now");
        nodeCounts = Map.copyOf(nodeCounts);
        if (!nodeCounts.containsKey(selfId)) {
            throw new IllegalArgumentException("nodeCounts must contain this node " + selfId);
        }
        ownTasks = ownTasks.stream().sorted(Comparator.comparing(OwnedTask::claimedAt)
                .thenComparing(OwnedTask::taskId)).toList();
    }

    /** This node's count as given in {@link #nodeCounts()}. */
    public int ownCount() {
        return nodeCounts.get(selfId);
    }

    /** One of this node's tasks and when this node claimed it. */
    public record OwnedTask(String taskId, Instant claimedAt) {
        public OwnedTask {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(claimedAt, "claimedAt");
        }
    }
}
