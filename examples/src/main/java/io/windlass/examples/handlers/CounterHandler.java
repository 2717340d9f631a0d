package io.windlass.examples.handlers;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;

/**
 * {@code counter}: each Runnable step adds one to the count in the checkpoint data (with the writer's node and fence),
 * then sleeps {@code interval} (or, for interval 0, checkpoints and goes on); the step that reaches {@code steps}
 * completes the task. A step is instantaneous, so a stop request is honoured by not starting a step at all.
 * Stateless and thread-safe: everything lives in the task's state.
 */
public final class CounterHandler implements TaskHandler<CounterProps> {

    @Override
    public Class<CounterProps> propsType() {
        return CounterProps.class;
    }

    @Override
    public Command onRunnable(TaskContext<CounterProps> ctx) {
        CounterProps props = ctx.props() == null ? CounterProps.defaults() : ctx.props();
        StepData done = StepData.from(ctx.data());
        if (done.count() >= props.steps()) {
            return Command.complete();
        }
        if (ctx.stop().requested()) {
            return Command.checkpoint();
        }
        StepData next = done.next(ctx);
        ctx.checkpoint(next.toJson());
        if (next.count() >= props.steps()) {
            return Command.complete();
        }
        return props.interval().isZero() ? Command.checkpoint() : Command.sleepUntil(ctx.now().plus(props.interval()));
    }
}
