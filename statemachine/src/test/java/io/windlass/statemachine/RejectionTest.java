package io.windlass.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Illegal commands are explicit {@link Outcome.Rejected}s with a useful reason; never exceptions or silent no-ops. */
class RejectionTest {
    private static final TaskStateMachine FSM = TaskStateMachine.standard();

    /** Hand-written: the commands each non-terminal state accepts. */
    private static final java.util.Map<StateCode, Set<CommandKind>> LEGAL = java.util.Map.of(
            StateCode.RUNNABLE, EnumSet.allOf(CommandKind.class),
            StateCode.SLEEPING, EnumSet.complementOf(EnumSet.of(CommandKind.COMPLETE)),
            StateCode.FAULT, EnumSet.of(CommandKind.SLEEP, CommandKind.ERROR, CommandKind.KILL, CommandKind.PAUSE),
            StateCode.PAUSED, EnumSet.complementOf(EnumSet.of(CommandKind.COMPLETE, CommandKind.ERROR)));

    @TestFactory
    Stream<DynamicTest> illegalCommandsAreRejectedWithTaskStateCommandAllowedAndRecent() {
        List<DynamicTest> tests = new ArrayList<>();
        for (StateCode state : StateCode.values()) {
            for (CommandKind kind : CommandKind.values()) {
                boolean legal = !state.terminal() && LEGAL.get(state).contains(kind);
                assertThat(FSM.allows(state, kind)).as("allows(%s, %s)", state, kind).isEqualTo(legal);
                if (!legal && !state.terminal()) {
                    tests.add(DynamicTest.dynamicTest(state + " rejects " + kind, () -> checkRejected(state, kind)));
                }
            }
        }
        return tests.stream();
    }

    private static void checkRejected(StateCode state, CommandKind kind) {
        List<Transition> recent = history(7);
        TaskState before = Samples.state(state);
        Outcome outcome = FSM.apply("t1", before, Samples.command(kind), Samples.NOW, recent);

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        Outcome.Rejected r = (Outcome.Rejected) outcome;
        assertThat(r.taskId()).isEqualTo("t1");
        assertThat(r.state()).isEqualTo(state);
        assertThat(r.command()).isEqualTo(kind);
        String allowed = LEGAL.get(state).stream().map(Enum::name).collect(Collectors.joining(", ", "[", "]"));
        // Only the last 5 of the 7 recent transitions are named.
        assertThat(r.reason()).isEqualTo("task t1: " + kind + " is not allowed in " + state + "; allowed: " + allowed
                + "; recent: " + recent.subList(2, 7));
        assertThat(r.toException().code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
        assertThat(r.toException()).hasMessageContaining(r.reason());
    }

    @Test
    void exampleReasonReadsWell() {
        Transition fault = new Transition(Instant.parse("2026-11-28T14:00:00Z"), StateCode.RUNNABLE, CommandKind.ERROR,
                StateCode.FAULT, 3);
        Outcome.Rejected r = (Outcome.Rejected) FSM.apply("t1", Samples.state(StateCode.FAULT), Command.run(),
                Samples.NOW, List.of(fault));
        assertThat(r.reason()).isEqualTo("task t1: RUN is not allowed in FAULT; allowed: [SLEEP, PAUSE, KILL, ERROR];"
                + " recent: [RUNNABLE -ERROR-> FAULT (v3 at 2026-11-28T14:00:00Z)]");
    }

    @TestFactory
    Stream<DynamicTest> terminalStatesRejectEveryCommandSayingTheTaskIsFinished() {
        List<DynamicTest> tests = new ArrayList<>();
        for (StateCode state : EnumSet.of(StateCode.COMPLETED, StateCode.FAILED, StateCode.KILLED)) {
            assertThat(FSM.table().get(state)).isEmpty();
            for (CommandKind kind : CommandKind.values()) {
                tests.add(DynamicTest.dynamicTest(state + " rejects " + kind, () -> {
                    Outcome.Rejected r = (Outcome.Rejected) FSM.apply("t9", Samples.state(state),
                            Samples.command(kind), Samples.NOW);
                    assertThat(r.reason()).isEqualTo("task t9: " + kind + " is not allowed in " + state
                            + "; the task is finished and accepts no command; recent: []");
                    assertThat(r.toException().code()).isEqualTo(ErrorCode.TASK_FINISHED);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void rejectionDoesNotChangeAnything() {
        TaskState before = Samples.state(StateCode.PAUSED);
        FSM.apply("t1", before, Samples.command(CommandKind.COMPLETE), Samples.NOW);
        assertThat(before).isEqualTo(Samples.state(StateCode.PAUSED));
    }

    @Test
    void nullArgumentsAreInvalidArguments() {
        TaskState s = TaskState.initial();
        Command c = Command.run();
        assertInvalid(() -> FSM.apply(null, s, c, Samples.NOW), "taskId");
        assertInvalid(() -> FSM.apply("t1", null, c, Samples.NOW), "state");
        assertInvalid(() -> FSM.apply("t1", s, null, Samples.NOW), "command");
        assertInvalid(() -> FSM.apply("t1", s, c, null), "now");
        assertThat(FSM.apply("t1", s, c, Samples.NOW, null)).isInstanceOf(Outcome.Applied.class);
    }

    @Test
    void tableIsUnmodifiable() {
        assertThatThrownBy(() -> FSM.table().get(StateCode.FAULT).put(CommandKind.RUN, StateCode.RUNNABLE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static void assertInvalid(Runnable call, String name) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WindlassException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(name);
    }

    private static List<Transition> history(int n) {
        List<Transition> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(new Transition(Samples.NOW.minusSeconds(100 - i), StateCode.RUNNABLE, CommandKind.CHECKPOINT,
                    StateCode.RUNNABLE, i));
        }
        return list;
    }
}
