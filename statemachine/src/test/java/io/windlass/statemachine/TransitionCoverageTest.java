package io.windlass.statemachine;

import static io.windlass.statemachine.CommandKind.CHECKPOINT;
import static io.windlass.statemachine.CommandKind.COMPLETE;
import static io.windlass.statemachine.CommandKind.ERROR;
import static io.windlass.statemachine.CommandKind.KILL;
import static io.windlass.statemachine.CommandKind.PAUSE;
import static io.windlass.statemachine.CommandKind.RELEASE;
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

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the table, written out BY HAND (independently of the code table) with its expected effects, applied
 * through {@link TaskStateMachine#apply}. Fails when the code table and these expectations differ in either
 * direction, and (after all tests) when a code-table row was never actually applied.
 */
class TransitionCoverageTest {
    /** What happens to {@code until}: cleared (not sleeping afterwards), kept from the old state, or the Sleep's. */
    enum Until { NONE, KEPT, FROM_SLEEP }

    /** What happens to errors: kept as they were, or the Error command's error appended. */
    enum Errors { KEPT, APPENDED }

    record Expectation(StateCode from, CommandKind command, StateCode to, Until until, Errors errors) { }

    private static final List<Expectation> EXPECTED = List.of(
            // Runnable
            new Expectation(RUNNABLE, CHECKPOINT, RUNNABLE, Until.NONE, Errors.KEPT),
            new Expectation(RUNNABLE, RELEASE, RUNNABLE, Until.NONE, Errors.KEPT),
            new Expectation(RUNNABLE, SLEEP, SLEEPING, Until.FROM_SLEEP, Errors.KEPT),
            new Expectation(RUNNABLE, COMPLETE, COMPLETED, Until.NONE, Errors.KEPT),
            new Expectation(RUNNABLE, KILL, KILLED, Until.NONE, Errors.KEPT),
            new Expectation(RUNNABLE, ERROR, FAULT, Until.NONE, Errors.APPENDED),
            new Expectation(RUNNABLE, PAUSE, PAUSED, Until.NONE, Errors.KEPT),
            new Expectation(RUNNABLE, RUN, RUNNABLE, Until.NONE, Errors.KEPT),
            // Sleeping
            new Expectation(SLEEPING, CHECKPOINT, SLEEPING, Until.KEPT, Errors.KEPT),
            new Expectation(SLEEPING, RELEASE, SLEEPING, Until.KEPT, Errors.KEPT),
            new Expectation(SLEEPING, SLEEP, SLEEPING, Until.FROM_SLEEP, Errors.KEPT),
            new Expectation(SLEEPING, RUN, RUNNABLE, Until.NONE, Errors.KEPT),
            new Expectation(SLEEPING, KILL, KILLED, Until.NONE, Errors.KEPT),
            new Expectation(SLEEPING, PAUSE, PAUSED, Until.NONE, Errors.KEPT),
            new Expectation(SLEEPING, ERROR, FAULT, Until.NONE, Errors.APPENDED),
            // Fault
            new Expectation(FAULT, SLEEP, SLEEPING, Until.FROM_SLEEP, Errors.KEPT),
            new Expectation(FAULT, ERROR, FAILED, Until.NONE, Errors.APPENDED),
            new Expectation(FAULT, KILL, KILLED, Until.NONE, Errors.KEPT),
            new Expectation(FAULT, PAUSE, PAUSED, Until.NONE, Errors.KEPT),
            // Paused
            new Expectation(PAUSED, CHECKPOINT, PAUSED, Until.NONE, Errors.KEPT),
            new Expectation(PAUSED, RELEASE, PAUSED, Until.NONE, Errors.KEPT),
            new Expectation(PAUSED, RUN, RUNNABLE, Until.NONE, Errors.KEPT),
            new Expectation(PAUSED, SLEEP, SLEEPING, Until.FROM_SLEEP, Errors.KEPT),
            new Expectation(PAUSED, KILL, KILLED, Until.NONE, Errors.KEPT),
            new Expectation(PAUSED, PAUSE, PAUSED, Until.NONE, Errors.KEPT));

    private static final Set<String> APPLIED = new HashSet<>();
    private static final TaskStateMachine FSM = TaskStateMachine.standard();

    @Test
    void everyCodeTableRowHasAHandWrittenExpectationAndViceVersa() {
        Set<String> code = new HashSet<>();
        FSM.table().forEach((from, row) -> row.forEach((cmd, to) -> code.add(key(from, cmd, to))));
        Set<String> hand = new HashSet<>();
        EXPECTED.forEach(e -> assertThat(hand.add(key(e.from(), e.command(), e.to())))
                .as("duplicate expectation %s", e).isTrue());
        assertThat(code).as("code-table rows without a hand-written expectation")
                .isSubsetOf(hand);
        assertThat(hand).as("hand-written expectations that are not in the code table")
                .isSubsetOf(code);
    }

    @TestFactory
    Stream<DynamicTest> everyRowAppliesWithItsExpectedEffects() {
        return EXPECTED.stream().map(e -> DynamicTest.dynamicTest(e.from() + " -" + e.command() + "-> " + e.to(),
                () -> check(e)));
    }

    private static void check(Expectation e) {
        TaskState before = Samples.state(e.from());
        Command command = Samples.command(e.command());
        Outcome outcome = FSM.apply("t1", before, command, Samples.NOW);

        assertThat(outcome).isInstanceOf(Outcome.Applied.class);
        Outcome.Applied applied = (Outcome.Applied) outcome;
        TaskState after = applied.state();
        assertThat(after.code()).isEqualTo(e.to());
        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.data()).isEqualTo(before.data());
        switch (e.until()) {
            case NONE -> assertThat(after.until()).isNull();
            case KEPT -> assertThat(after.until()).isEqualTo(before.until()).isNotNull();
            case FROM_SLEEP -> assertThat(after.until()).isEqualTo(((Command.Sleep) command).until());
        }
        switch (e.errors()) {
            case KEPT -> assertThat(after.errors()).isEqualTo(before.errors());
            case APPENDED -> {
                assertThat(after.errors()).hasSize(before.errors().size() + 1);
                assertThat(after.errors().subList(0, before.errors().size())).isEqualTo(before.errors());
                assertThat(after.errors().get(before.errors().size())).isEqualTo(((Command.Error) command).error());
            }
        }
        assertThat(applied.transition()).isEqualTo(
                new Transition(Samples.NOW, e.from(), e.command(), e.to(), before.version() + 1));
        synchronized (APPLIED) {
            APPLIED.add(key(e.from(), e.command(), after.code()));
        }
    }

    @AfterAll
    static void everyCodeTableRowWasActuallyApplied() {
        Set<String> missing = new HashSet<>();
        FSM.table().forEach((from, row) -> row.forEach((cmd, to) -> missing.add(key(from, cmd, to))));
        missing.removeAll(APPLIED);
        assertThat(missing).as("table rows never applied by a test").isEmpty();
    }

    private static String key(StateCode from, CommandKind command, StateCode to) {
        return from + " -" + command + "-> " + to;
    }
}
