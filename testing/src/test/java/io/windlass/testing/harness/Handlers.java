package io.windlass.testing.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small handlers for scenario tests. */
final class Handlers {
    private Handlers() {
    }

    /** A step: what onRunnable does, given the context. */
    @FunctionalInterface
    interface Step {
        Command run(TaskContext<JsonNode> ctx) throws Exception;
    }

    /** A handler whose onRunnable runs {@code step}; records every call (task id, node, time). */
    static final class Scripted implements TaskHandler<JsonNode> {
        record Call(String taskId, String nodeId, java.time.Instant at) {
        }

        private final Step step;
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        Scripted(Step step) {
            this.step = step;
        }

        @Override
        public Class<JsonNode> propsType() {
            return JsonNode.class;
        }

        @Override
        public Command onRunnable(TaskContext<JsonNode> ctx) throws Exception {
            calls.add(new Call(ctx.taskId(), ctx.nodeId(), ctx.now()));
            return step.run(ctx);
        }

        List<Call> callsOf(String taskId) {
            synchronized (calls) {
                return calls.stream().filter(c -> c.taskId().equals(taskId)).toList();
            }
        }
    }

    static Scripted scripted(Step step) {
        return new Scripted(step);
    }
}
