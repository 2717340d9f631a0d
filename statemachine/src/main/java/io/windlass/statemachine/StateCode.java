package io.windlass.statemachine;

/** The state of a task. Terminal states are final: nothing moves a task out of them. */
public enum StateCode {
    RUNNABLE(false),
    /** Waiting until {@link TaskState#until()}; a timer brings it back to {@link #RUNNABLE}. */
    SLEEPING(false),
    /** Waiting for an operator's {@code Run} (or another command). */
    PAUSED(false),
    /** Has at least one error; the handler's fault decision (default: the error policy) moves it on. */
    FAULT(false),
    COMPLETED(true),
    FAILED(true),
    KILLED(true);

    private final boolean terminal;

    StateCode(boolean terminal) {
        this.terminal = terminal;
    }

    /** True for {@link #COMPLETED}, {@link #FAILED} and {@link #KILLED}. */
    public boolean terminal() {
        return terminal;
    }
}
