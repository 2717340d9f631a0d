package io.windlass.statemachine;

/** The kind of a {@link Command}; the event type of the transition table and the wire name of a command. */
public enum CommandKind {
    RUN, SLEEP, PAUSE, KILL, COMPLETE, ERROR, CHECKPOINT, RELEASE
}
