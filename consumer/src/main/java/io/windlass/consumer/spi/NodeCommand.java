package io.windlass.consumer.spi;

import java.util.Objects;

/**
 * An operator's command to one node. {@code kind} is kept as a string so an unknown kind from a newer client is
 * reported (logged, acknowledged) rather than failing to decode.
 *
 * @param taskId the task for {@code stop_task}; null otherwise
 */
public record NodeCommand(String id, String kind, String taskId) {
    public static final String FREEZE = "freeze";
    public static final String UNFREEZE = "unfreeze";
    public static final String BALANCE = "balance";
    public static final String STOP_TASK = "stop_task";

    public NodeCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }
}
