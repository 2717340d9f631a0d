package io.windlass.testing.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;

/**
 * A test handler: {@code steps} runs {@code intervalMs} apart (each checkpoints {@code done}), then complete. Props
 * outside {@code steps >= 1, intervalMs >= 0} are refused when they are decoded. Not final: a test may subclass it to
 * carry an annotation (the Spring starter reads {@code @TaskType} from the class).
 */
public class StepsHandler implements TaskHandler<StepsHandler.Props> {
    public record Props(int steps, long intervalMs) {
        public Props {
            if (steps < 1 || intervalMs < 0) {
                throw new IllegalArgumentException("steps >= 1 and intervalMs >= 0 needed");
            }
        }
    }

    @Override
    public Class<Props> propsType() {
        return Props.class;
    }

    @Override
    public Command onRunnable(TaskContext<Props> ctx) {
        JsonNode data = ctx.data();
        int done = data == null ? 0 : data.path("done").asInt();
        done++;
        ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("done", done));
        if (done >= ctx.props().steps()) {
            return Command.complete();
        }
        return Command.sleepUntil(ctx.now().plus(Duration.ofMillis(ctx.props().intervalMs())));
    }
}
