package io.windlass.consumer.client;

import io.windlass.consumer.spi.NodeInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells a task that no live node can run: its type is in no live node's advertised handler types
 * ({@link NodeInfo#handlerTypes()}). Such a task stays untouched in the store (no node claims it; each logs a WARN);
 * this is how the read surfaces ({@code windlass show}/{@code list}, the HTTP API) make it visible. Pure.
 */
public final class HandlerCoverage {
    private HandlerCoverage() {
    }

    /**
     * The note for {@code task} given the live nodes, or empty when there is nothing to say: the task is finished,
     * claimed, quarantined or has no record or state; a live node advertises its type; or a live node advertises no
     * types at all (an older node: unknown, so no false alarm). With no live node at all the note says so.
     *
     * @return {@code "no handler for type X on any live node"} (plus {@code " (no node is live)"} when none is)
     */
    public static Optional<String> note(TaskView task, List<NodeInfo> liveNodes) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(liveNodes, "liveNodes");
        if (task.task() == null || task.state() == null || task.quarantine() != null || task.owner() != null
                || task.state().state().code().terminal()) {
            return Optional.empty();
        }
        String type = task.task().type();
        for (NodeInfo n : liveNodes) {
            if (n.handlerTypes().isEmpty() || n.handlerTypes().contains(type)) {
                return Optional.empty();
            }
        }
        return Optional.of(message(type) + (liveNodes.isEmpty() ? " (no node is live)" : ""));
    }

    /** The note's text for {@code type}, without the suffix. */
    public static String message(String type) {
        return "no handler for type " + type + " on any live node";
    }
}
