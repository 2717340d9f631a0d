package io.windlass.examples.handlers;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;

/**
 * {@code forever}: a monitor-style task that never completes. Each wake-up adds one to the count in the checkpoint
 * data (with the writer's node and fence) and sleeps {@code interval} again. Only an operator ends it (kill).
 */
public final class ForeverHandler implements TaskHandler<ForeverProps> {

    @Override
    public Class<ForeverProps> propsType() {
        return ForeverProps.class;
    }

    @Override
    public Command onRunnable(TaskContext<ForeverProps> ctx) {
        ForeverProps props = ctx.props() == null ? ForeverProps.defaults() : ctx.props();
        if (ctx.stop().requested()) {
            return Command.checkpoint();
        }
        ctx.checkpoint(StepData.from(ctx.data()).next(ctx).toJson());
        return Command.sleepUntil(ctx.now().plus(props.interval()));
    }
}
