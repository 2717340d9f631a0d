package io.windlass.statemachine.internal;

import io.windlass.statemachine.TaskStateMachine;

/** Placeholder: implemented in the statemachine issue. */
public final class SquirrelTaskStateMachine {
    private SquirrelTaskStateMachine() {
    }

    public static TaskStateMachine standard() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
