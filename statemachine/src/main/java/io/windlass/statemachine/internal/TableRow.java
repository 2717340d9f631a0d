package io.windlass.statemachine.internal;

import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;

/** One row of a transition table: {@code command} moves a task from {@code from} to {@code to}. */
record TableRow(StateCode from, CommandKind command, StateCode to) {
    @Override
    public String toString() {
        return from + " -" + command + "-> " + to;
    }
}
