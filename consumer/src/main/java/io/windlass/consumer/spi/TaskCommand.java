package io.windlass.consumer.spi;

import io.windlass.statemachine.Command;
import java.time.Instant;
import java.util.Objects;

/**
 * A command sent to one task, as stored by the coordinator. Commands of one task are delivered in the order they were
 * stored; {@code id} is unique per task and is how the consumer acknowledges (deletes) the command after the
 * transition that applied it is stored.
 */
public record TaskCommand(String id, Command command, Instant sent) {
    public TaskCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(sent, "sent");
    }
}
