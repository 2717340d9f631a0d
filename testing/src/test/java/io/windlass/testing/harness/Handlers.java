package io.windlass.testing.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

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

    /** Metafora's test handler: runs until told to stop (no work, no time limit), then returns Checkpoint. */
    static Scripted untilStopped() {
        return scripted(ctx -> {
            while (!ctx.stop().await(Duration.ofDays(365))) {
                // waiting for the stop is all it does
            }
            return Command.checkpoint();
        });
    }

    /**
     * A Metafora-style handler: one unit of work per unit of time (waiting on the stop signal, not sleeping), its position
     * stored with {@code ctx.checkpointNow} every 10 units; on stop it stores the exact position with its result. A
     * claim lost meanwhile ends the loop (checkpointNow throws CLAIM_LOST, the stop is raised). Records every run's
     * interval (on {@code clock}: a lost context no longer answers {@code now()}) and position.
     */
    static final class Looper implements TaskHandler<JsonNode> {
        record Run(String taskId, String nodeId, Instant from, Instant to, long fromPosition, long toPosition,
                   String end) {
        }

        private final Supplier<Instant> clock;
        private final Duration unit;
        final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> checkpointFailures = Collections.synchronizedList(new ArrayList<>());

        Looper(Supplier<Instant> clock, Duration unit) {
            this.clock = clock;
            this.unit = unit;
        }

        @Override
        public Class<JsonNode> propsType() {
            return JsonNode.class;
        }

        @Override
        public Command onRunnable(TaskContext<JsonNode> ctx) throws InterruptedException {
            String id = ctx.taskId();
            String node = ctx.nodeId();
            Instant from = clock.get();
            long start = position(ctx.data());
            long pos = start;
            String end = "stop";
            try {
                while (!ctx.stop().await(unit)) {
                    pos++;
                    if (pos % 10 == 0) {
                        ctx.checkpointNow(data(pos));
                    }
                }
                ctx.checkpoint(data(pos));
                return Command.checkpoint();
            } catch (WindlassException e) {
                checkpointFailures.add(e);
                end = e.code().name();
                if (e.code() == ErrorCode.CLAIM_LOST && ctx.stop().requested()) {
                    return Command.checkpoint(); // dropped: the task no longer runs here
                }
                throw e;
            } finally {
                runs.add(new Run(id, node, from, clock.get(), start, pos, end));
            }
        }

        static long position(JsonNode data) {
            return data == null ? 0 : data.path("pos").asLong(0);
        }

        static JsonNode data(long pos) {
            return JsonNodeFactory.instance.objectNode().put("pos", pos);
        }

        List<Run> runsOf(String taskId) {
            synchronized (runs) {
                return runs.stream().filter(r -> r.taskId().equals(taskId)).toList();
            }
        }

        /** Asserts that no two runs of one task overlap in time (the fence ledger of the harness). */
        void assertNoOverlap() {
            List<Run> all;
            synchronized (runs) {
                all = new ArrayList<>(runs);
            }
            all.sort(Comparator.comparing(Run::taskId).thenComparing(Run::from));
            for (int i = 1; i < all.size(); i++) {
                Run a = all.get(i - 1);
                Run b = all.get(i);
                if (a.taskId().equals(b.taskId()) && b.from().isBefore(a.to())) {
                    throw new AssertionError("task " + a.taskId() + " ran on two nodes at once: " + a + " and " + b);
                }
            }
        }
    }

    /** A looper doing a unit every 100 ms. */
    static Looper looper(Supplier<Instant> clock) {
        return new Looper(clock, Duration.ofMillis(100));
    }

    static Looper looper(Supplier<Instant> clock, Duration unit) {
        return new Looper(clock, unit);
    }
}
