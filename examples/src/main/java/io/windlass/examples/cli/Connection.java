package io.windlass.examples.cli;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.StoredState;
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
     * Streams every stored state change of the namespace to {@code sink} (on the connection's thread) until the
     * returned handle is closed or the calling thread is interrupted.
     */
    AutoCloseable watch(Consumer<StateChange> sink);

    @Override
    void close();

    /**
     * @param states    stored states, oldest first (each with its store revision)
     * @param truncated true when older states were removed by compaction and are not shown
     */
    record History(String taskId, List<StoredState> states, boolean truncated) {
        public History {
            states = List.copyOf(states);
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
