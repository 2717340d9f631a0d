package io.windlass.statemachine;

import java.time.Instant;
import java.util.Objects;

/** One applied transition: at {@code at}, {@code command} moved the task from {@code from} to {@code to}. */
public record Transition(Instant at, StateCode from, CommandKind command, StateCode to, long version) {
    public Transition {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return from + " -" + command + "-> " + to + " (v" + version + " at " + at + ")";
    }
}
