package io.windlass.testing.harness;

import static io.windlass.statemachine.CommandKind.ERROR;
import static io.windlass.statemachine.CommandKind.SLEEP;
import static io.windlass.statemachine.StateCode.FAILED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad props, unknown types, oversized checkpoints, refused writes: recorded on the task, never a crash or a loss. */
class BadInputScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** A handler with typed props. */
    static final class Typed implements TaskHandler<Typed.Props> {
        record Props(int count) {
        }

        int runs;

        @Override
        public Class<Props> propsType() {
            return Props.class;
        }

        @Override
        public Command onRunnable(TaskContext<Props> ctx) {
            runs++;
            return Command.complete();
        }
    }

    @Test
    void propsThatCannotBeDecodedAtClaimTimeFaultTheTaskAndTheHandlerNeverRuns() {
        Typed handler = new Typed();
        h = TaskHarness.builder().register("typed", handler).build();
        // a client that skipped validation stored bad props
        h.client().submit("t1", "typed", JsonNodeFactory.instance.objectNode().put("count", "many"));
        h.runUntilIdle();
        h.assertTask("t1").isIn(SLEEPING).hasErrorCount(1).hasTransitionCommands(ERROR, SLEEP);
        assertThat(h.state("t1").errors().get(0).message()).contains("t1", "props", "typed");

        h.advance(Duration.ofHours(3));
        h.assertTask("t1").isIn(FAILED).hasErrorCount(8).isUnclaimed();
        assertThat(handler.runs).isZero();
    }

    @Test
    void aTaskOfATypeThisNodeHasNoHandlerForIsLeftForOthers() {
        h = TaskHarness.builder().register("typed", new Typed()).build();
        h.client().submit("t1", "other-type", null);
        h.advance(Duration.ofMinutes(5));
        h.assertTask("t1").isIn(RUNNABLE).isUnclaimed();
        assertThat(h.history("t1")).isEmpty();
    }

    @Test
    void anOversizedCheckpointFailsTheStepWithAClearError() {
        String big = "x".repeat(TaskState.MAX_DATA_BYTES + 1);
        var handler = Handlers.scripted(ctx -> {
            if (ctx.state().errors().isEmpty()) {
                ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("big", big));
            }
            return Command.complete();
        });
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isIn(SLEEPING).hasErrorCount(1);
        assertThat(h.state("t1").errors().get(0).message()).contains("PAYLOAD_TOO_LARGE");
        assertThat(h.state("t1").errors().get(0).type()).isEqualTo(WindlassException.class.getName());
    }

    @Test
    void aWriteTheStoreRefusesForGoodIsRecordedAsAnErrorOnTheTask() {
        var handler = Handlers.scripted(ctx -> {
            ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("poison", ctx.state().errors().isEmpty()));
            return Command.sleepUntil(ctx.now().plus(Duration.ofMinutes(1)));
        });
        h = TaskHarness.builder().register("job", handler).coordinatorDecorator(BadInputScenarioTest::refusePoison)
                .build();
        h.submit("t1", "job", null);
        h.assertTask("t1").isIn(SLEEPING).hasTransitionCommands(ERROR, SLEEP).hasErrorCount(1);
        assertThat(h.state("t1").errors().get(0).message()).contains("store refused", "poisoned");
        assertThat(h.state("t1").errors().get(0).type()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE.name());
        h.advance(Duration.ofMinutes(10));
        h.assertTask("t1").isIn(SLEEPING).hasErrorCount(1);
        assertThat(h.state("t1").data().get("poison").asBoolean()).isFalse();
    }

    /** A coordinator that refuses (not retryable) every write whose data says poison=true. */
    private static Coordinator refusePoison(Coordinator delegate) {
        return (Coordinator) Proxy.newProxyInstance(Coordinator.class.getClassLoader(),
                new Class<?>[] {Coordinator.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write") && args[0] instanceof StateWrite w
                            && w.newState().data() != null && w.newState().data().path("poison").asBoolean()) {
                        return CompletableFuture.completedFuture(new WriteResult.Failed(
                                new WindlassException(ErrorCode.PAYLOAD_TOO_LARGE, "poisoned data")));
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
