package io.windlass.testing.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metafora's TestRules, ported as a scenario: every row of the transition table driven end to end through a real
 * consumer and store — including Fault → Kill and Fault → Pause. For each row a task is brought into the row's state
 * (by its handler and commands), left unclaimed there while its node is frozen, the row's command is stored through
 * the client (which checks it against the stored state), and the node claims the task again: a new owner applies
 * stored commands before anything else, so the stored transition is exactly the row.
 */
class TransitionRulesScenarioTest {
    private TaskHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        TaskStateMachine.standard().table().forEach((from, commands) -> commands.forEach((command, to) ->
                rows.add(Arguments.of(from, command, to))));
        assertThat(rows).hasSize(25);
        return rows.stream();
    }

    /** Runs until stopped; throws on its first run when the props ask for a fault; onFault waits until stopped. */
    private static final class RulesHandler implements TaskHandler<JsonNode> {
        @Override
        public Class<JsonNode> propsType() {
            return JsonNode.class;
        }

        @Override
        public Command onRunnable(TaskContext<JsonNode> ctx) throws Exception {
            if (ctx.props().path("fault").asBoolean() && ctx.state().errors().isEmpty()) {
                throw new IllegalStateException("into Fault");
            }
            if (ctx.props().path("sleep").asBoolean() && ctx.state().version() == 0) {
                return Command.sleepUntil(ctx.now().plus(Duration.ofHours(1)));
            }
            ctx.stop().await(Duration.ofDays(365));
            return Command.checkpoint();
        }

        @Override
        public Command onFault(TaskContext<JsonNode> ctx) throws Exception {
            ctx.stop().await(Duration.ofDays(365)); // holds the task in Fault until the test takes the claim away
            return TaskHandler.super.onFault(ctx);
        }
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("rows")
    void everyRowOfTheTransitionTableRunsEndToEnd(StateCode from, CommandKind command, StateCode to) {
        h = TaskHarness.builder().nodes("n1").register("rules", new RulesHandler()).build();
        bringUnclaimedInto(from);
        h.assertTask("t").isIn(from).isUnclaimed();
        int before = h.history("t").size();

        h.command("t", command(command));
        h.unfreeze("n1");

        Transition applied = h.history("t").get(before);
        assertThat(applied.from()).isEqualTo(from);
        assertThat(applied.command()).isEqualTo(command);
        assertThat(applied.to()).isEqualTo(to);
        assertThat(h.claims("t")).last().extracting(TaskHarness.Claimed::nodeId).isEqualTo("n1");
        assertThat(h.rejections("t")).isEmpty();
    }

    /** Task "t" stored in {@code state}, unclaimed, with node n1 frozen. */
    private void bringUnclaimedInto(StateCode state) {
        switch (state) {
            case RUNNABLE -> {
                h.freeze("n1");
                h.submit("t", "rules", null);
            }
            case SLEEPING, PAUSED -> {
                h.submit("t", "rules", Map.of("sleep", true));
                h.assertTask("t").isIn(StateCode.SLEEPING);
                if (state == StateCode.PAUSED) {
                    h.command("t", Command.pause());
                }
                takeTheClaimAway();
            }
            case FAULT -> {
                h.submit("t", "rules", Map.of("fault", true));
                h.assertTask("t").isIn(StateCode.FAULT);
                takeTheClaimAway();
            }
            default -> throw new IllegalArgumentException("terminal states have no rows: " + state);
        }
    }

    private void takeTheClaimAway() {
        h.freeze("n1");
        h.expireClaim("t");
    }

    private Command command(CommandKind kind) {
        Instant now = h.now();
        return switch (kind) {
            case RUN -> Command.run();
            case SLEEP -> Command.sleepUntil(now.plus(Duration.ofHours(2)));
            case PAUSE -> Command.pause();
            case KILL -> Command.kill();
            case COMPLETE -> Command.complete();
            case ERROR -> new Command.Error(TaskError.of(now, "sent by the test"));
            case CHECKPOINT -> Command.checkpoint();
            case RELEASE -> Command.release();
        };
    }
}
