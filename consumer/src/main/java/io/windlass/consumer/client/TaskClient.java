package io.windlass.consumer.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Submit, steer and inspect tasks of one namespace. Implemented by the etcd client and by the in-memory cluster.
 * Every method is thread-safe and bounded in time; failures are {@link io.windlass.statemachine.WindlassException}s
 * with a code (DUPLICATE_TASK, TASK_NOT_FOUND, TASK_FINISHED, ILLEGAL_TRANSITION, INVALID_ARGUMENT,
 * PAYLOAD_TOO_LARGE, UNAVAILABLE, ...).
 */
public interface TaskClient extends AutoCloseable {

    /**
     * Stores a new task (record + initial RUNNABLE state) atomically. Idempotent: if a task with this id, the same type
     * and the same props is stored already (a retry of a submit whose answer was lost), returns the stored record.
     * DUPLICATE_TASK if the id exists with other content, or existed (finished ids are never reused). Props are
     * validated by the caller (see HandlerRegistry#decodeProps).
     */
    TaskRecord submit(String id, String type, JsonNode props);

    /** Deletes a task, its state, claim and pending commands (exact keys only). False if it did not exist. */
    boolean delete(String id);

    /**
     * Stores a command for the task, after the stored commands. Checked against the current state first
     * (TASK_NOT_FOUND, TASK_FINISHED, ILLEGAL_TRANSITION); the owner checks again when it applies the command and
     * records a rejection in the task's state if the state changed meanwhile.
     *
     * <p>Not idempotent on its own: a new command id is generated per call. To retry safely, use
     * {@link #command(String, Command, String)} with an id of your own.
     *
     * @return the command id
     */
    String command(String id, Command command);

    /**
     * Like {@link #command(String, Command)}, under the caller's {@code commandId}, and idempotent: the same id for
     * the same task is stored once (create-only), so a retry after a timeout or a lost answer returns the first
     * call's result — {@code commandId} — and the command is applied once, even if the owner applied it meanwhile.
     * The id stays taken for the task's life; reusing it for a different command is INVALID_ARGUMENT. A null
     * {@code commandId} is {@link #command(String, Command)} (a fresh id). Clients that cannot take ids (the default)
     * refuse a non-null one with INVALID_ARGUMENT; the etcd and in-memory clients take them.
     *
     * @param commandId 1-128 of {@code [A-Za-z0-9._:-]}, or null
     * @return the command id
     */
    default String command(String id, Command command, String commandId) {
        if (commandId == null) {
            return command(id, command);
        }
        throw new WindlassException(ErrorCode.INVALID_ARGUMENT,
                getClass().getSimpleName() + " does not take caller-chosen command ids");
    }

    Optional<TaskView> get(String id);

    /** Tasks matching {@code filter}, ordered by id, at most {@code filter.limit()} after {@code filter.after()}. */
    List<TaskView> list(TaskFilter filter);

    /**
     * One page of {@code filter}'s tasks, ordered by id, with the cursor of the next page. Reads only what the page
     * needs where the client can (the etcd client reads the key range from {@code filter.after()} on, and with a
     * state, owner or type filter scans at most a bounded number of ids — then {@code nextAfter} continues the scan
     * and the page may hold fewer than {@code limit} tasks). The default pages through {@link #list} (one task more
     * than the limit, to know whether a next page exists).
     */
    default TaskPage page(TaskFilter filter) {
        int limit = filter.limit();
        List<TaskView> l = list(new TaskFilter(filter.state(), filter.owner(), filter.after(),
                Math.min(limit + 1, 10_000), filter.type(), filter.prefix()));
        boolean more = l.size() > limit;
        List<TaskView> tasks = more ? l.subList(0, limit) : l;
        return new TaskPage(tasks, more ? tasks.get(limit - 1).id() : null);
    }

    /** Live nodes with claim counts. */
    List<NodeInfo> nodes();

    /**
     * Streams every stored state change of the namespace from now on to {@code sink} until the returned subscription is
     * closed: states whose bytes cannot be decoded arrive as null {@code before}/{@code after}. Calls come from one
     * thread of the client, in store order; {@code sink} must not block. If the stream breaks, {@code failed} gets the
     * reason once and nothing more is delivered. Clients that cannot stream (the default) throw at once.
     *
     * @throws WindlassException UNAVAILABLE if the store cannot be reached to start the stream; ILLEGAL_STATE if this
     *                           client cannot stream state changes
     */
    default Subscription watchStates(Consumer<StateChange> sink, Consumer<WindlassException> failed) {
        throw new WindlassException(ErrorCode.ILLEGAL_STATE,
                getClass().getSimpleName() + " cannot stream state changes");
    }

    /**
     * Like {@link #watchStates(Consumer, Consumer)}, but resumes: streams every state change with a revision greater
     * than {@code afterRevision} (changes already made are delivered first, then live ones) — what a reconnecting
     * reader that saw {@code afterRevision} last needs. Clients that cannot resume (the default) throw at once.
     *
     * @throws WindlassException INVALID_ARGUMENT if the store no longer has that revision (compacted) or does not have
     *                           it yet; UNAVAILABLE if the store cannot be reached; ILLEGAL_STATE if this client cannot
     *                           resume a stream
     */
    default Subscription watchStates(long afterRevision, Consumer<StateChange> sink,
                                     Consumer<WindlassException> failed) {
        throw new WindlassException(ErrorCode.ILLEGAL_STATE,
                getClass().getSimpleName() + " cannot resume a stream of state changes");
    }

    /**
     * Sends a command to a node ({@code freeze}, {@code unfreeze}, {@code balance}, {@code stop_task}).
     *
     * @param taskId for {@code stop_task}, else null
     * @return the node command id
     */
    String nodeCommand(String nodeId, String kind, String taskId);

    @Override
    void close();
}
