package io.windlass.statemachine.internal;

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

import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.WindlassException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Windlass transition table (Metafora's) as data, and the checker every table passes before it is used.
 * The rows are the single source: the squirrel-foundation machine, {@code table()} and docs/state-diagram.md are
 * all derived from them.
 */
final class TransitionTable {

    /** The standard table, grouped by from-state in the order of the issue text. */
    static final List<TableRow> STANDARD = List.of(
            row(RUNNABLE, CHECKPOINT, RUNNABLE),
            row(RUNNABLE, RELEASE, RUNNABLE),
            row(RUNNABLE, SLEEP, SLEEPING),
            row(RUNNABLE, COMPLETE, COMPLETED),
            row(RUNNABLE, KILL, KILLED),
            row(RUNNABLE, ERROR, FAULT),
            row(RUNNABLE, PAUSE, PAUSED),
            row(RUNNABLE, RUN, RUNNABLE),

            row(SLEEPING, CHECKPOINT, SLEEPING),
            row(SLEEPING, RELEASE, SLEEPING),
            row(SLEEPING, SLEEP, SLEEPING),
            row(SLEEPING, RUN, RUNNABLE),
            row(SLEEPING, KILL, KILLED),
            row(SLEEPING, PAUSE, PAUSED),
            row(SLEEPING, ERROR, FAULT),

            row(FAULT, SLEEP, SLEEPING),
            row(FAULT, ERROR, FAILED),
            row(FAULT, KILL, KILLED),
            row(FAULT, PAUSE, PAUSED),

            row(PAUSED, CHECKPOINT, PAUSED),
            row(PAUSED, RELEASE, PAUSED),
            row(PAUSED, RUN, RUNNABLE),
            row(PAUSED, SLEEP, SLEEPING),
            row(PAUSED, KILL, KILLED),
            row(PAUSED, PAUSE, PAUSED));

    private TransitionTable() {
    }

    private static TableRow row(StateCode from, CommandKind command, StateCode to) {
        return new TableRow(from, command, to);
    }

    /**
     * Checks {@code rows} and returns them as an unmodifiable from → command → to map (every state present; terminal
     * states map to empty maps). Rules: no null parts, no transition out of a terminal state, no duplicate
     * (state, command) pair, every non-terminal state has a way out and is reachable from RUNNABLE.
     *
     * @throws WindlassException INTERNAL naming the offending rows or states
     */
    static Map<StateCode, Map<CommandKind, StateCode>> check(List<TableRow> rows) {
        Map<StateCode, Map<CommandKind, StateCode>> table = new EnumMap<>(StateCode.class);
        for (StateCode s : StateCode.values()) {
            table.put(s, new EnumMap<>(CommandKind.class));
        }
        for (TableRow r : rows) {
            if (r == null || r.from() == null || r.command() == null || r.to() == null) {
                throw invalid("a row has a null part: " + r);
            }
            if (r.from().terminal()) {
                throw invalid("transition out of terminal state " + r.from() + ": " + r);
            }
            StateCode earlier = table.get(r.from()).putIfAbsent(r.command(), r.to());
            if (earlier != null) {
                throw invalid("duplicate (state, command) pair (" + r.from() + ", " + r.command() + "): "
                        + new TableRow(r.from(), r.command(), earlier) + " and " + r);
            }
        }
        Set<StateCode> stuck = EnumSet.noneOf(StateCode.class);
        for (StateCode s : StateCode.values()) {
            if (!s.terminal() && table.get(s).isEmpty()) {
                stuck.add(s);
            }
        }
        if (!stuck.isEmpty()) {
            throw invalid("non-terminal states without any transition out: " + stuck);
        }
        Set<StateCode> unreachable = EnumSet.complementOf(reachableFrom(StateCode.RUNNABLE, table));
        unreachable.removeIf(StateCode::terminal);
        if (!unreachable.isEmpty()) {
            throw invalid("non-terminal states not reachable from RUNNABLE: " + unreachable);
        }
        Map<StateCode, Map<CommandKind, StateCode>> frozen = new EnumMap<>(StateCode.class);
        table.forEach((s, m) -> frozen.put(s, Collections.unmodifiableMap(m)));
        return Collections.unmodifiableMap(frozen);
    }

    private static EnumSet<StateCode> reachableFrom(StateCode start, Map<StateCode, Map<CommandKind, StateCode>> table) {
        EnumSet<StateCode> seen = EnumSet.of(start);
        ArrayDeque<StateCode> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            for (StateCode next : table.get(todo.poll()).values()) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }

    private static WindlassException invalid(String problem) {
        return new WindlassException(ErrorCode.INTERNAL, "invalid transition table: " + problem);
    }
}
