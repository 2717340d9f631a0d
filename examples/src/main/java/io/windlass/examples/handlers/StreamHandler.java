package io.windlass.examples.handlers;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stream}: a Metafora-style long-running task — tailing a feed, say. One {@code onRunnable} call loops for as
 * long as the task runs here: a unit of work every {@code interval}, waiting on the stop signal in between (not
 * sleeping, so a stop ends the wait at once), its position stored with {@code ctx.checkpointNow} every
 * {@code checkpointEvery}. On a stop (pause, kill, release, a balance, a shutdown) it returns at once with its exact
 * position as checkpoint data; the stopping command is applied after it. After {@code units} units (if not 0) it
 * completes. The position is a {@link StepData} count, so the node that takes the task over resumes at the stored
 * position: exactly where it stopped after a stop, at most {@code checkpointEvery} behind after a crash.
 *
 * <p>It holds a thread while it runs, which the consumer's default callback threads allow for any number of tasks;
 * prefer the event-driven style ({@code counter}, {@code forever}: return {@code sleepUntil}) when the work can be
 * cut into steps. A checkpoint that cannot be stored in time is logged and tried again at the next one; a lost claim
 * ends the loop (the task runs elsewhere). Stateless and thread-safe: the position lives in the task.
 */
public final class StreamHandler implements TaskHandler<StreamProps> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHandler.class);

    @Override
    public Class<StreamProps> propsType() {
        return StreamProps.class;
    }

    @Override
    public Command onRunnable(TaskContext<StreamProps> ctx) throws InterruptedException {
        StreamProps props = ctx.props() == null ? StreamProps.defaults() : ctx.props();
        StepData position = StepData.from(ctx.data());
        Instant nextCheckpoint = ctx.now().plus(props.checkpointEvery());
        while (props.units() == 0 || position.count() < props.units()) {
            if (ctx.stop().await(props.interval())) {
                ctx.checkpoint(position.toJson());
                return Command.checkpoint();
            }
            position = position.next(ctx); // one unit of work
            if (!ctx.now().isBefore(nextCheckpoint)) {
                if (!store(ctx, position)) {
                    return Command.checkpoint(); // the claim is lost: this result is dropped, the task runs elsewhere
                }
                nextCheckpoint = ctx.now().plus(props.checkpointEvery());
            }
        }
        ctx.checkpoint(position.toJson());
        return Command.complete();
    }

    /** Stores the position now; false when the claim is lost. A store that is slow or down: tried again later. */
    private static boolean store(TaskContext<StreamProps> ctx, StepData position) {
        try {
            ctx.checkpointNow(position.toJson());
            return true;
        } catch (WindlassException e) {
            if (e.code() == ErrorCode.CLAIM_LOST) {
                return false;
            }
            if (!e.retryable()) {
                throw e;
            }
            LOG.warn("stream {}: position {} not stored yet ({}); trying again at the next checkpoint", ctx.taskId(),
                    position.count(), e.getMessage());
            return true;
        }
    }
}
