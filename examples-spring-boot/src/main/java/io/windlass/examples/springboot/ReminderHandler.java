package io.windlass.examples.springboot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.spring.TaskType;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a reminder {@code times} times, {@code every} apart, then completes. Event-driven: between two reminders the
 * task sleeps in etcd and holds no thread; a restart or another node picks it up where it was.
 */
@Component
@TaskType("reminder")
public class ReminderHandler implements TaskHandler<ReminderHandler.Props> {
    private static final Logger LOG = LoggerFactory.getLogger(ReminderHandler.class);

    /** What a reminder task is submitted with; checked at submit time. */
    public record Props(String to, int times, Duration every) {
        public Props {
            if (to == null || to.isBlank() || times < 1 || every == null || every.isNegative()) {
                throw new IllegalArgumentException("to, times >= 1 and every >= 0 are needed");
            }
        }
    }

    @Override
    public Class<Props> propsType() {
        return Props.class;
    }

    @Override
    public Command onRunnable(TaskContext<Props> ctx) {
        int sent = ctx.data() == null ? 0 : ctx.data().path("sent").asInt();
        LOG.info("reminder {} of {} to {}", sent + 1, ctx.props().times(), ctx.props().to()); // your side effect
        sent++;
        ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("sent", sent)); // stored with the transition
        return sent >= ctx.props().times() ? Command.complete()
                : Command.sleepUntil(ctx.now().plus(ctx.props().every()));
    }
}
