package io.windlass.testing.harness;

import static io.windlass.statemachine.CommandKind.CHECKPOINT;
import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.CommandKind.ERROR;
import static io.windlass.statemachine.CommandKind.KILL;
import static io.windlass.statemachine.CommandKind.PAUSE;
import static io.windlass.statemachine.CommandKind.RUN;
import static io.windlass.statemachine.CommandKind.SLEEP;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.FAILED;
import static io.windlass.statemachine.StateCode.FAULT;
import static io.windlass.statemachine.StateCode.KILLED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One task's life on one node: commands, sleeps, checkpoints, faults — all on virtual time. */
class TaskFlowScenarioTest {
    private TaskHarness h;

    private TaskHarness harness(Handlers.Scripted handler) {
        h = TaskHarness.builder().register("job", handler).build();
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static Handlers.Scripted sleepsHourly() {
        return Handlers.scripted(ctx -> Command.sleepUntil(ctx.now().plus(Duration.ofHours(1))));
    }

    @Test
    void pauseRunPausePauseKillIsAppliedInOrderAndPersisted() {
        var handler = sleepsHourly();
        harness(handler).submit("t1", "job", null);
        h.assertTask("t1").isIn(SLEEPING);
        h.command("t1", Command.pause());
        h.assertTask("t1").isIn(PAUSED);
        h.command("t1", Command.run());
        h.assertTask("t1").isIn(SLEEPING);
        h.command("t1", Command.pause());
        h.command("t1", Command.pause());
        h.assertTask("t1").isIn(PAUSED).isOwnedBy("node-1");
        h.advance(Duration.ofDays(2));
        assertThat(handler.callsOf("t1")).as("a paused task is not run").hasSize(2);
        h.command("t1", Command.kill());

        h.assertTask("t1").isIn(KILLED).isUnclaimed().hasNoPendingCommands()
                .hasTransitionCommands(SLEEP, PAUSE, RUN, SLEEP, PAUSE, PAUSE, KILL);
        List<Transition> history = h.history("t1");
        assertThat(history).extracting(Transition::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(h.cluster().history("t1")).extracting(v -> v.state().state().code())
                .containsExactly(RUNNABLE, SLEEPING, PAUSED, RUNNABLE, SLEEPING, PAUSED, PAUSED, KILLED);
        assertThatThrownBy(() -> h.submit("t1", "job", null)).isInstanceOf(WindlassException.class)
                .extracting(e -> ((WindlassException) e).code()).isEqualTo(ErrorCode.DUPLICATE_TASK);
    }

    @Test
    void aSleepFarInTheFutureStaysAsleep() {
        Instant farAway = Instant.parse("2199-01-01T00:00:00Z");
        var handler = Handlers.scripted(ctx -> Command.sleepUntil(farAway));
        harness(handler).submit("t1", "job", null);
        h.advance(Duration.ofDays(60));
        h.assertTask("t1").isSleepingUntil(farAway).isOwnedBy("node-1");
        assertThat(handler.calls).hasSize(1);
    }

    @Test
    void aOneSecondSleepResumesNoEarlierThanOneSecond() {
        List<Instant> runs = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            runs.add(ctx.now());
            return runs.size() == 1 ? Command.sleepUntil(ctx.now().plusSeconds(1)) : Command.complete();
        });
        Instant t0 = harness(handler).now();
        h.submit("t1", "job", null);
        h.advance(Duration.ofMillis(999));
        h.assertTask("t1").isSleepingUntil(t0.plusSeconds(1));
        assertThat(runs).containsExactly(t0);
        h.advance(Duration.ofMillis(1));
        h.assertTask("t1").isIn(COMPLETED);
        assertThat(runs).containsExactly(t0, t0.plusSeconds(1));
    }

    @Test
    void aCheckpointResultStoresDataAndRunsAgainWithoutStopping() {
        var handler = Handlers.scripted(ctx -> {
            int n = ctx.data() == null ? 0 : ctx.data().get("n").asInt();
            if (n == 3) {
                return Command.complete();
            }
            ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("n", n + 1));
            return Command.checkpoint();
        });
        harness(handler).submit("t1", "job", null);
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(CHECKPOINT, CHECKPOINT, CHECKPOINT, COMPLETE);
        assertThat(h.state("t1").data().get("n").asInt()).isEqualTo(3);
        assertThat(handler.calls).hasSize(4).allSatisfy(c -> assertThat(c.at()).isEqualTo(h.now()));
    }

    @Test
    void aCheckpointCommandDuringACallbackDoesNotStopIt() {
        boolean[] stopSeen = {true};
        var handler = Handlers.scripted(ctx -> {
            if (ctx.state().version() > 0) {
                return Command.complete();
            }
            h.client().command(ctx.taskId(), Command.checkpoint());
            h.deliverEvents();
            stopSeen[0] = ctx.stop().requested();
            ctx.checkpoint(JsonNodeFactory.instance.objectNode().put("step", 1));
            return Command.sleepUntil(ctx.now().plusSeconds(60));
        });
        harness(handler).submit("t1", "job", null);
        assertThat(stopSeen[0]).as("stop requested by a checkpoint").isFalse();
        h.assertTask("t1").isIn(SLEEPING).hasTransitionCommands(SLEEP, CHECKPOINT).hasNoPendingCommands();
        assertThat(h.state("t1").data().get("step").asInt()).isEqualTo(1);
        h.advance(Duration.ofSeconds(60));
        h.assertTask("t1").isIn(COMPLETED);
    }

    @Test
    void aPauseDuringACallbackStopsItAndIsAppliedAfterItsResult() {
        List<Object> seen = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            h.client().command(ctx.taskId(), Command.pause());
            h.deliverEvents();
            seen.add(ctx.stop().requested());
            seen.add(ctx.stop().reason().map(Command::kind).orElse(null));
            return Command.sleepUntil(ctx.now().plusSeconds(60));
        });
        harness(handler).submit("t1", "job", null);
        assertThat(seen).containsExactly(true, PAUSE);
        h.assertTask("t1").isIn(PAUSED).hasTransitionCommands(SLEEP, PAUSE).hasNoPendingCommands();
        h.advance(Duration.ofMinutes(5));
        assertThat(handler.calls).as("paused: no timer brings it back").hasSize(1);
    }

    @Test
    void aHandlerThatThrowsFaultsAndIsRetriedByThePolicy() {
        var handler = Handlers.scripted(ctx -> {
            if (ctx.state().errors().isEmpty()) {
                throw new IllegalStateException("backend down");
            }
            return Command.complete();
        });
        Instant t0 = harness(handler).now();
        h.submit("t1", "job", null);
        h.assertTask("t1").isSleepingUntil(t0.plus(Duration.ofMinutes(10))).hasErrorCount(1);
        TaskError error = h.state("t1").errors().get(0);
        assertThat(error.message()).isEqualTo("backend down");
        assertThat(error.type()).isEqualTo(IllegalStateException.class.getName());
        h.advance(Duration.ofMinutes(10));
        h.assertTask("t1").isIn(COMPLETED).wentThrough(FAULT, SLEEPING, RUNNABLE, COMPLETED)
                .hasTransitionCommands(ERROR, SLEEP, RUN, COMPLETE);
    }

    @Test
    void aHandlerThatKeepsFailingEndsFailedAfterEightStrikes() {
        var handler = Handlers.scripted(ctx -> {
            throw new java.io.IOException("no route to host");
        });
        Instant t0 = harness(handler).now();
        h.submit("t1", "job", null);
        h.advance(Duration.ofHours(6));
        h.assertTask("t1").isIn(FAILED).hasErrorCount(8).isUnclaimed();
        assertThat(handler.calls).hasSize(8);
        assertThat(handler.calls.get(7).at()).isEqualTo(t0.plus(Duration.ofMinutes(70)));
        assertThat(h.history("t1")).last().satisfies(t -> {
            assertThat(t.from()).isEqualTo(FAULT);
            assertThat(t.command()).isEqualTo(ERROR);
            assertThat(t.at()).isEqualTo(t0.plus(Duration.ofMinutes(70)));
        });
    }

    @Test
    void aHandlerResultThatIsIllegalIsRecordedAsAnErrorNamingCommandAndState() {
        var handler = Handlers.scripted(ctx -> ctx.state().errors().isEmpty() ? null : Command.complete());
        harness(handler).submit("t1", "job", null);
        h.assertTask("t1").isIn(SLEEPING).hasErrorCount(1);
        assertThat(h.state("t1").errors().get(0).message()).contains("returned null", "onRunnable");
        h.advance(Duration.ofMinutes(10));
        h.assertTask("t1").isIn(COMPLETED);
    }

    @Test
    void onEnteredIsNotifiedOfStoredSleepingPausedAndTerminalStates() {
        List<String> entered = new ArrayList<>();
        var handler = new TaskHandler<JsonNode>() {
            @Override
            public Class<JsonNode> propsType() {
                return JsonNode.class;
            }

            @Override
            public Command onRunnable(TaskContext<JsonNode> ctx) {
                return ctx.state().version() == 0 ? Command.sleepUntil(ctx.now().plusSeconds(10)) : Command.complete();
            }

            @Override
            public void onEntered(StateCode state, TaskContext<JsonNode> ctx) {
                entered.add(state + "@v" + ctx.state().version());
                throw new IllegalStateException("ignored: a notification's failure is only logged");
            }
        };
        h = TaskHarness.builder().register("job", handler).build();
        h.submit("t1", "job", null);
        h.command("t1", Command.pause());
        h.command("t1", Command.run());
        h.assertTask("t1").isIn(COMPLETED);
        assertThat(entered).containsExactly("SLEEPING@v1", "PAUSED@v2", "COMPLETED@v4");
    }

    @Test
    void commandsArrivingDuringACallbackAreAppliedAfterItsResultInArrivalOrder() {
        var handler = Handlers.scripted(ctx -> {
            h.client().command(ctx.taskId(), Command.sleepUntil(ctx.now().plusSeconds(30)));
            h.client().command(ctx.taskId(), Command.kill());
            h.deliverEvents();
            assertThat(ctx.stop().requested()).isTrue();
            assertThat(ctx.stop().reason()).map(Command::kind).contains(SLEEP); // the first stopping command
            return Command.checkpoint(); // would run again at once, but the queued commands come first
        });
        harness(handler).submit("t1", "job", null);
        h.assertTask("t1").isIn(KILLED).hasTransitionCommands(CHECKPOINT, SLEEP, KILL).hasNoPendingCommands();
        assertThat(handler.calls).hasSize(1);
    }

    @Test
    void aCallbackWaitingForVirtualTimeGivesTheTurnBackAndGoesOnWhenTheTestMovesTime() {
        List<Instant> woke = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            boolean stopped = ctx.stop().await(Duration.ofSeconds(5));
            woke.add(ctx.now());
            return stopped ? Command.checkpoint() : Command.complete();
        });
        Instant start = harness(handler).now();
        h.submit("t1", "job", null);
        h.assertTask("t1").as("the callback waits; the harness is idle meanwhile").isIn(RUNNABLE);
        h.advance(Duration.ofSeconds(4));
        assertThat(woke).isEmpty();
        h.advance(Duration.ofSeconds(1));
        assertThat(woke).containsExactly(start.plusSeconds(5));
        h.assertTask("t1").isIn(COMPLETED).hasTransitionCommands(COMPLETE);
    }

    @Test
    void aStopWakesAWaitingCallbackAtTheInstantItArrives() {
        List<Instant> woke = new ArrayList<>();
        var handler = Handlers.scripted(ctx -> {
            if (!ctx.stop().await(Duration.ofDays(1))) {
                return Command.complete();
            }
            woke.add(ctx.now());
            return Command.checkpoint();
        });
        harness(handler).submit("t1", "job", null);
        Instant pausedAt = h.advance(Duration.ofMinutes(7));
        h.command("t1", Command.pause());
        assertThat(woke).containsExactly(pausedAt);
        h.assertTask("t1").isIn(PAUSED).hasTransitionCommands(CHECKPOINT, PAUSE).hasNoPendingCommands();
    }
}
