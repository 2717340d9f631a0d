package io.windlass.cli;

import io.windlass.statemachine.ErrorCode;

/** The CLI's exit codes and how error codes map onto them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad arguments or input (unknown option, malformed JSON, invalid props or id). */
    public static final int USAGE = 1;
    /**
     * Not found or rejected (duplicate id, illegal command for the task's state, task finished, a worker's node id held
     * by another live process).
     */
    public static final int REJECTED = 2;
    /** etcd unreachable (after a bounded timeout) or the outcome unknown. */
    public static final int UNAVAILABLE = 3;
    /** A bug: an internal error (reported with its stack trace). */
    public static final int INTERNAL = 4;
    /** etcd refused the credentials or the access (wrong user/password, the role lacks the namespace's prefix). */
    public static final int DENIED = 5;

    private ExitCodes() {
    }

    public static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, UNKNOWN_TASK_TYPE, PAYLOAD_TOO_LARGE, DECODE_FAILED -> USAGE;
            case DUPLICATE_TASK, TASK_NOT_FOUND, TASK_FINISHED, ILLEGAL_TRANSITION, CLAIM_LOST, NO_SPACE,
                 NODE_ID_TAKEN -> REJECTED;
            case UNAVAILABLE, INDETERMINATE, INTERRUPTED -> UNAVAILABLE;
            case ILLEGAL_STATE, INTERNAL -> INTERNAL;
            case PERMISSION_DENIED, UNAUTHENTICATED -> DENIED;
        };
    }
}
