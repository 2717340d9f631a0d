package io.windlass.statemachine.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The example in {@link TaskHandler}'s javadoc, verbatim, driven by a tiny stand-in for the consumer: decode props,
 * run the callback, apply its command, store the checkpoint, fire the sleep timer on a virtual clock.
 */
class CounterHandlerExampleTest {

    // ---- verbatim from the javadoc ----

    public record CounterProps(int limit) {
        public CounterProps {
            if (limit < 1) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "limit must be >= 1, was " + limit);
            }
        }
    }

    public static final class CounterHandler implements TaskHandler<CounterProps> {
        public Class<CounterProps> propsType() {
            return CounterProps.class;
        }

        public Command onRunnable(TaskContext<CounterProps> ctx) {
            JsonNode data = ctx.data();                                  // null on the first run
            int count = data == null ? 0 : data.path("count").asInt(0);
            count++;                                                     // one step of "work"
            ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("count", count)); // stored with the transition
            if (count >= ctx.props().limit()) {
                return Command.complete();                               // -> COMPLETED
            }
            if (ctx.stop().requested()) {
                return Command.checkpoint();   // a Pause/Kill/Release arrived: persist, then it is applied
            }
            return Command.sleepUntil(ctx.now().plusSeconds(1));        // -> SLEEPING; a timer sends Run
        }
    }

    // ---- the driver ----

    @Test
    void counterRunsToCompletionThroughTheStateMachine() throws Exception {
        HandlerRegistry registry = HandlerRegistry.builder()
                .register("counter", new CounterHandler())
                .build();
        TaskStateMachine fsm = TaskStateMachine.standard();
        JsonNode rawProps = JsonNodeFactory.instance.objectNode().put("limit", 3);
        CounterProps props = (CounterProps) registry.decodeProps("counter", rawProps);
        @SuppressWarnings("unchecked")
        TaskHandler<CounterProps> handler = (TaskHandler<CounterProps>) registry.handler("counter");

        Instant now = Instant.parse("2026-11-28T15:00:00Z");
        TaskState state = TaskState.initial();
        int callbacks = 0;
        while (!state.code().terminal()) {
            if (state.code() == StateCode.SLEEPING) {            // the timer: jump the virtual clock, send Run
                now = state.until();
                state = applied(fsm.apply("c1", state, Command.run(), now));
                continue;
            }
            FakeContext ctx = new FakeContext(props, state, now);
            Command next = handler.onRunnable(ctx);
            callbacks++;
            TaskState after = applied(fsm.apply("c1", state, next, now));
            state = ctx.checkpoint == null ? after : after.withData(ctx.checkpoint);
        }
        assertThat(state.code()).isEqualTo(StateCode.COMPLETED);
        assertThat(state.data().get("count").asInt()).isEqualTo(3);
        assertThat(callbacks).isEqualTo(3);
        assertThat(now).isEqualTo(Instant.parse("2026-11-28T15:00:02Z"));
        assertThat(state.version()).isEqualTo(5); // sleep, run, sleep, run, complete
    }

    @Test
    void badPropsAreRefusedClearly() {
        HandlerRegistry registry = HandlerRegistry.builder().register("counter", new CounterHandler()).build();
        assertThatThrownBy(() -> registry.decodeProps("counter", JsonNodeFactory.instance.objectNode().put("limit", 0)))
                .hasMessage("INVALID_ARGUMENT: invalid props for task type 'counter': limit must be >= 1, was 0");
    }

    private static TaskState applied(Outcome o) {
        assertThat(o).isInstanceOf(Outcome.Applied.class);
        return ((Outcome.Applied) o).state();
    }

    /** The smallest context a test needs; the consumer's real one also enforces one-callback validity. */
    private static final class FakeContext implements TaskContext<CounterProps> {
        private final CounterProps props;
        private final TaskState state;
        private final Instant now;
        JsonNode checkpoint;

        FakeContext(CounterProps props, TaskState state, Instant now) {
            this.props = props;
            this.state = state;
            this.now = now;
        }

        public String taskId() { return "c1"; }
        public String taskType() { return "counter"; }
        public CounterProps props() { return props; }
        public TaskState state() { return state; }
        public JsonNode data() { return state.data(); }
        public void checkpoint(JsonNode data) {
            WireCodec.checkDataSize(data);
            checkpoint = data;
        }
        public void checkpointNow(JsonNode data, Duration timeout) {
            throw new UnsupportedOperationException("the counter does not store while it runs");
        }
        public void keepErrors(List<TaskError> errors) { }
        public Instant now() { return now; }
        public long fence() { return 42; }
        public String nodeId() { return "node-1"; }
        public ErrorPolicy errorPolicy() { return ErrorPolicy.metafora(); }
        public StopSignal stop() {
            return new StopSignal() {
                public boolean requested() { return false; }
                public Optional<Command> reason() { return Optional.empty(); }
                public boolean await(Duration timeout) { return false; }
            };
        }
    }
}
