package io.windlass.examples.cli;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.StoredState;
import io.windlass.statemachine.WindlassException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the CLI needs from one namespace of a store: the task client, a task's stored history, and a live stream of
 * state changes. Opened by a {@link ConnectionFactory}; closed by the command that opened it. All calls are bounded by
 * the connection's timeout and fail with WindlassException (UNAVAILABLE naming the endpoint when it cannot be reached).
 */
public interface Connection extends AutoCloseable {

    TaskClient client();

    /**
     * The states a task has had, oldest first, as far as the store still remembers them.
     *
     * @throws io.windlass.statemachine.WindlassException TASK_NOT_FOUND if the task does not exist
     */
    History history(String taskId);

    /**
     * Streams every stored state change of the namespace, from now on, to {@code sink} (on the connection's thread)
     * until the returned handle is closed. If the stream breaks, {@code failed} gets the reason once and nothing more
     * is delivered.
     *
     * @throws WindlassException UNAVAILABLE if the store cannot be reached to start the stream
     */
    AutoCloseable watch(Consumer<StateChange> sink, Consumer<WindlassException> failed);

    @Override
    void close();

    /**
     * @param entries   stored versions, oldest first
     * @param truncated true when older versions were removed by compaction and are not shown
     */
    record History(String taskId, List<Entry> entries, boolean truncated) {
        public History {
            entries = List.copyOf(entries);
        }

        /**
         * One stored version of the task's state.
         *
         * @param revision    the store revision that wrote it
         * @param state       the decoded state, or null when the stored bytes are undecodable
         * @param undecodable why the bytes could not be decoded, or null
         */
        public record Entry(long revision, StoredState state, String undecodable) {
        }
    }

    /**
     * One stored state change: {@code before} is null for a new task, {@code after} null for a deleted one.
     *
     * @param revision the store revision of the change
     */
    record StateChange(String taskId, StoredState before, StoredState after, long revision) {
    }
}
