package io.windlass.statemachine.internal;

import static io.windlass.statemachine.CommandKind.ERROR;
import static io.windlass.statemachine.CommandKind.KILL;
import static io.windlass.statemachine.CommandKind.RUN;
import static io.windlass.statemachine.CommandKind.SLEEP;
import static io.windlass.statemachine.StateCode.COMPLETED;
import static io.windlass.statemachine.StateCode.FAULT;
import static io.windlass.statemachine.StateCode.KILLED;
import static io.windlass.statemachine.StateCode.PAUSED;
import static io.windlass.statemachine.StateCode.RUNNABLE;
import static io.windlass.statemachine.StateCode.SLEEPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionTableTest {

    @Test
    void standardTablePassesTheCheckAndListsEveryState() {
        var table = TransitionTable.check(TransitionTable.STANDARD);
        assertThat(table).containsOnlyKeys(StateCode.values());
        assertThat(table.get(COMPLETED)).isEmpty();
        assertThat(table.values().stream().mapToInt(java.util.Map::size).sum()).isEqualTo(25);
    }

    @Test
    void checkedTableIsUnmodifiable() {
        var table = TransitionTable.check(TransitionTable.STANDARD);
        assertThatThrownBy(() -> table.get(RUNNABLE).put(KILL, RUNNABLE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table.remove(RUNNABLE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void transitionOutOfTerminalStateIsRefused() {
        List<TableRow> rows = with(new TableRow(COMPLETED, RUN, RUNNABLE));
        assertInternal(rows, "transition out of terminal state COMPLETED: COMPLETED -RUN-> RUNNABLE");
    }

    @Test
    void duplicateStateCommandPairIsRefused() {
        List<TableRow> rows = with(new TableRow(RUNNABLE, KILL, PAUSED));
        assertInternal(rows, "duplicate (state, command) pair (RUNNABLE, KILL): RUNNABLE -KILL-> KILLED and RUNNABLE -KILL-> PAUSED");
    }

    @Test
    void duplicateIdenticalRowIsRefusedToo() {
        List<TableRow> rows = with(new TableRow(FAULT, SLEEP, SLEEPING));
        assertInternal(rows, "duplicate (state, command) pair (FAULT, SLEEP)");
    }

    @Test
    void unreachableNonTerminalStateIsRefused() {
        // Nothing leads into FAULT any more (but FAULT still has ways out).
        List<TableRow> rows = new ArrayList<>(TransitionTable.STANDARD);
        rows.removeIf(r -> r.to() == FAULT);
        assertInternal(rows, "non-terminal states not reachable from RUNNABLE: [FAULT]");
    }

    @Test
    void nonTerminalStateWithoutWayOutIsRefused() {
        List<TableRow> rows = new ArrayList<>(TransitionTable.STANDARD);
        rows.removeIf(r -> r.from() == PAUSED);
        assertInternal(rows, "non-terminal states without any transition out: [PAUSED]");
    }

    @Test
    void nullPartIsRefused() {
        List<TableRow> rows = with(new TableRow(RUNNABLE, null, KILLED));
        assertInternal(rows, "a row has a null part");
    }

    @Test
    void aMachineCannotBeBuiltFromABadTable() {
        List<TableRow> rows = with(new TableRow(KILLED, ERROR, FAULT));
        assertThatThrownBy(() -> new SquirrelTaskStateMachine(rows))
                .isInstanceOf(WindlassException.class)
                .hasMessageContaining("terminal state KILLED");
    }

    private static List<TableRow> with(TableRow extra) {
        List<TableRow> rows = new ArrayList<>(TransitionTable.STANDARD);
        rows.add(extra);
        return rows;
    }

    private static void assertInternal(List<TableRow> rows, String message) {
        assertThatThrownBy(() -> TransitionTable.check(rows))
                .isInstanceOfSatisfying(WindlassException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("invalid transition table: ")
                .hasMessageContaining(message);
    }
}
