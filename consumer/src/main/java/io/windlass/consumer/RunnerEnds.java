package io.windlass.consumer;

import io.windlass.consumer.spi.TaskCommand;
import java.util.List;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task runner's end is reported: the log line and listener call of each {@link TaskRunner.EndReason}, and the
 * error a still-running callback's context answers afterwards. Static and stateless; called on the task's mailbox.
 */
final class RunnerEnds {
    /** The runner's logger: these are the runner's log lines. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private RunnerEnds() {
    }

    /** What a callback that still runs gets from its context (and its pending checkpointNow calls) after the end. */
    static WindlassException stopped(String taskId, String nodeId, TaskRunner.EndReason reason, String detail) {
        ErrorCode code = reason == TaskRunner.EndReason.CLAIM_LOST ? ErrorCode.CLAIM_LOST : ErrorCode.ILLEGAL_STATE;
        return new WindlassException(code, "task " + taskId + " no longer runs on " + nodeId + " (" + reason + ": "
                + detail + "); stop");
    }

    /**
     * Drops the queued commands (rejected against the terminal state {@code code} when FINISHED: its write deleted
     * them; otherwise they stay stored for the next owner), logs the end and tells the listener.
     */
    static void report(String taskId, TaskRunner.EndReason reason, String detail, StateCode code,
                       PendingCommands queued, ConsumerListener listener) {
        List<TaskCommand> left = reason == TaskRunner.EndReason.FINISHED ? List.of() : queued.drain();
        int dropped = reason == TaskRunner.EndReason.FINISHED
                ? StepWrites.rejectQueued(taskId, code, queued, listener).size() : left.size();
        if (!left.isEmpty()) {
            listener.commandsDropped(taskId, left);
        }
        switch (reason) {
            case CLAIM_LOST -> {
                LOG.warn("task {}: claim lost ({}); stopped here, in-memory state dropped", taskId, detail);
                listener.claimLost(taskId, detail);
            }
            case RELEASED -> {
                LOG.info("task {}: released ({}); {} queued command(s) stay stored for the next owner", taskId,
                        detail, dropped);
                listener.taskReleased(taskId, detail);
            }
            case FINISHED -> LOG.debug("task {}: {}", taskId, detail);
            case ABANDONED -> LOG.info("task {}: abandoned here: {}", taskId, detail);
            default -> LOG.warn("task {}: stopped here: {}", taskId, detail);
        }
    }
}
