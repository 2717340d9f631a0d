package io.windlass.cli;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.StoredState;
import io.windlass.statemachine.WindlassException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the CLI needs from one namespace of a store: the task client (also the live stream of state changes,
 * {@link TaskClient#watchStates}) and a task's stored history. Opened by a {@link ConnectionFactory}; closed by the command that opened it. All calls are bounded by
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

}
