package io.windlass.statemachine;

/** What went wrong, and whether trying the same thing again later can succeed. */
public enum ErrorCode {
    /** An argument or value is malformed (bad id, missing field, absurd time). */
    INVALID_ARGUMENT(false),
    /** The command is not allowed in the task's current state. */
    ILLEGAL_TRANSITION(false),
    /** No handler is registered for the task's type. */
    UNKNOWN_TASK_TYPE(false),
    /** A task with that id exists (or existed and finished). */
    DUPLICATE_TASK(false),
    TASK_NOT_FOUND(false),
    /** The task is in a terminal state; it accepts nothing more. */
    TASK_FINISHED(false),
    /** Stored bytes could not be decoded; the raw bytes travel with the exception. */
    DECODE_FAILED(false),
    /** A payload (checkpoint data, command, props) is over its size limit. */
    PAYLOAD_TOO_LARGE(false),
    /** The claim (fence) is gone: a write by a stale owner was refused. */
    CLAIM_LOST(false),
    /** The outcome of a write is unknown (timeout): re-read before acting. */
    INDETERMINATE(true),
    /** The store is unreachable or overloaded right now. */
    UNAVAILABLE(true),
    /** The store is out of space (etcd NOSPACE alarm). */
    NO_SPACE(true),
    /** The store refused access: the caller's user or role may not touch these keys (etcd "permission denied"). */
    PERMISSION_DENIED(false),
    /** The store did not accept the caller's credentials (wrong user or password, none given where needed). */
    UNAUTHENTICATED(false),
    /**
     * Another live process is registered under the same node id (its lease is alive); the message names the id and
     * the holder. Never two live processes under one id: stop the other one, or wait for its lease to end.
     */
    NODE_ID_TAKEN(false),
    /** A component is used in the wrong lifecycle state (started twice, used after close). */
    ILLEGAL_STATE(false),
    /** The calling thread was interrupted (the interrupt flag is restored). */
    INTERRUPTED(true),
    /** A bug: an invariant does not hold. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
