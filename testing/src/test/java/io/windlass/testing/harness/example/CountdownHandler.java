package io.windlass.testing.harness.example;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;

/** The example of docs/testing-your-handlers.md: counts down once an hour, then completes. */
public final class CountdownHandler implements TaskHandler<CountdownHandler.Props> {

    /** Props: where to count down from. Validated when the task is submitted and when it is claimed. */
    public record Props(int from) {
        public Props {
            if (from < 0) {
                throw new IllegalArgumentException("from must be >= 0, was " + from);
            }
        }
    }

    @Override
    public Class<Props> propsType() {
        return Props.class;
    }

    @Override
    public Command onRunnable(TaskContext<Props> ctx) {
        int left = ctx.data() == null ? ctx.props().from() : ctx.data().get("left").asInt();
        if (left == 0) {
            return Command.complete();
        }
        ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("left", left - 1)); // stored with the transition
        return Command.sleepUntil(ctx.now().plus(Duration.ofHours(1)));
    }
}
