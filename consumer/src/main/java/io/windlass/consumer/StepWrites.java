package io.windlass.consumer;

import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fenced write a step of a claimed task sends, and the command rejections it carries. Every write is guarded by
 * the task's claim ({@code fence}) and the stored revision the step was computed from ({@code revision}).
 *
 * <ul>
 *   <li>A transition into a terminal state finishes the task and acknowledges, besides its own, every command still
 *   queued, each rejected: a finished task takes no command (finishing deletes its stored commands).</li>
 *   <li>Any other transition releases the claim with the write when it applies Release or the runner is stopping.</li>
 *   <li>A command the state machine refused is acknowledged by a write of the unchanged state: deleted, not
 *   applied.</li>
 * </ul>
 *
 * <p>Every rejection is logged at WARN and reported to the consumer's {@link ConsumerListener} before the method
 * returns: no command is dropped silently. Static and stateless (it adds nothing to an idle task's heap); called by a
 * {@link TaskRunner} on its task's mailbox only, since it drains the runner's {@link PendingCommands}.
 */
final class StepWrites {
    /** The runner's logger: these are the runner's log lines. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private StepWrites() {
    }

    /** The write storing {@code applied}, acknowledging {@code acks} (the applied command, if any). */
    static StateWrite transition(String taskId, long fence, long revision, Outcome.Applied applied, List<String> acks,
                                 boolean stopping, PendingCommands queued, ConsumerListener listener) {
        TaskState next = applied.state();
        boolean finish = next.code().terminal();
        boolean release = !finish && (applied.transition().command() == CommandKind.RELEASE || stopping);
        List<String> allAcks = acks;
        if (finish) {
            allAcks = new ArrayList<>(acks);
            allAcks.addAll(rejectQueued(taskId, next.code(), queued, listener));
        }
        return new StateWrite(taskId, fence, revision, next, allAcks, release, finish);
    }

    /** The write acknowledging {@code command}, refused by the state machine for {@code reason}; state unchanged. */
    static StateWrite rejection(String taskId, long fence, long revision, TaskState unchanged, TaskCommand command,
                                String reason, ConsumerListener listener) {
        LOG.warn("task {}: command {} ({}) rejected: {}", taskId, command.id(), command.command().kind(), reason);
        listener.commandRejected(taskId, command, reason);
        return new StateWrite(taskId, fence, revision, unchanged, List.of(command.id()), false, false);
    }

    /** The write storing a task that was claimed in the terminal state {@code terminal} as finished. */
    static StateWrite finishing(String taskId, long fence, long revision, TaskState terminal, PendingCommands queued,
                                ConsumerListener listener) {
        LOG.info("task {}: claimed in terminal state {}; storing it as finished", taskId, terminal.code());
        return new StateWrite(taskId, fence, revision, terminal, rejectQueued(taskId, terminal.code(), queued,
                listener), false, true);
    }

    /**
     * Rejects every queued command against the terminal state {@code finished} (logged, reported) and returns their
     * ids, in queue order. Also used when the runner ends finished, for commands that arrived after its finishing
     * write was sent (that write deleted them in the store).
     */
    static List<String> rejectQueued(String taskId, StateCode finished, PendingCommands queued,
                                     ConsumerListener listener) {
        List<String> ids = new ArrayList<>();
        for (TaskCommand c : queued.drain()) {
            String reason = "task " + taskId + " is " + finished + ": " + c.command().kind()
                    + " arrived after it finished";
            LOG.warn("task {}: command {} rejected: {}", taskId, c.id(), reason);
            listener.commandRejected(taskId, c, reason);
            ids.add(c.id());
        }
        return ids;
    }
}
