package io.windlass.examples.handlers;

import io.windlass.statemachine.Command;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code flaky}: like {@code counter}, but each step fails with probability {@code failureProbability} (the handler
 * throws {@link SimulatedFailure}, so the task moves to Fault). In Fault it retries after {@code retryDelay} until
 * {@code maxErrors} consecutive failures, then gives up (Failed). A successful step clears the error list.
 *
 * <p>The dice are a {@link SplittableRandom} (which mixes its seed well) seeded from the props' seed, the task id and the state version, so the same task
 * with the same history fails at the same steps: tests are deterministic.
 */
public final class FlakyHandler implements TaskHandler<FlakyProps> {

    @Override
    public Class<FlakyProps> propsType() {
        return FlakyProps.class;
    }

    @Override
    public Command onRunnable(TaskContext<FlakyProps> ctx) throws SimulatedFailure {
        FlakyProps props = props(ctx);
        StepData done = StepData.from(ctx.data());
        if (done.count() >= props.steps()) {
            return Command.complete();
        }
        if (ctx.stop().requested()) {
            return Command.checkpoint();
        }
        if (dice(props, ctx).nextDouble() < props.failureProbability()) {
            throw new SimulatedFailure("flaky: simulated failure in step " + (done.count() + 1) + " of " + ctx.taskId());
        }
        if (!ctx.state().errors().isEmpty()) {
            ctx.keepErrors(List.of());
        }
        StepData next = done.next(ctx);
        ctx.checkpoint(next.toJson());
        if (next.count() >= props.steps()) {
            return Command.complete();
        }
        return props.interval().isZero() ? Command.checkpoint() : Command.sleepUntil(ctx.now().plus(props.interval()));
    }

    /** Retry after {@code retryDelay}, or give up after {@code maxErrors} errors; keeps at most maxErrors errors. */
    @Override
    public Command onFault(TaskContext<FlakyProps> ctx) {
        FlakyProps props = props(ctx);
        List<TaskError> errors = ctx.state().errors();
        if (errors.size() > props.maxErrors()) {
            ctx.keepErrors(errors.subList(errors.size() - props.maxErrors(), errors.size()));
        }
        if (errors.size() >= props.maxErrors()) {
            return Command.error(ctx.now(), "flaky: gave up after " + errors.size() + " consecutive failures");
        }
        return Command.sleepUntil(ctx.now().plus(props.retryDelay()));
    }

    private static FlakyProps props(TaskContext<FlakyProps> ctx) {
        return ctx.props() == null ? FlakyProps.defaults() : ctx.props();
    }

    private static SplittableRandom dice(FlakyProps props, TaskContext<FlakyProps> ctx) {
        long seed = props.seed();
        seed = seed * 1_000_003L + ctx.taskId().hashCode();
        seed = seed * 1_000_003L + ctx.state().version();
        return new SplittableRandom(seed);
    }

    /** The failure a flaky step throws; recorded as the task's error (message and type). */
    public static final class SimulatedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public SimulatedFailure(String message) {
            super(message);
        }
    }
}
