package io.windlass.http;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;

/**
 * A request that ends in an error reply {@code {"error":{"code","message"}}} with {@code status}. Codes are the names
 * of {@link ErrorCode} for failures of the client API, and the HTTP layer's own ({@code NOT_FOUND},
 * {@code METHOD_NOT_ALLOWED}, {@code UNAUTHORIZED}, {@code FORBIDDEN}, {@code READ_ONLY}, {@code CSRF},
 * {@code BUSY}) otherwise (docs/http-api.md).
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.code = java.util.Objects.requireNonNull(code, "code");
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, ErrorCode.INVALID_ARGUMENT.name(), message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The reply for a failure of the client API: its code and the status that fits it. */
    static ApiError of(WindlassException e) {
        return new ApiError(status(e.code()), e.code().name(), e.getMessage());
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT, UNKNOWN_TASK_TYPE -> 400;
            case TASK_NOT_FOUND -> 404;
            case ILLEGAL_TRANSITION, DUPLICATE_TASK, TASK_FINISHED, CLAIM_LOST, NODE_ID_TAKEN -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case DECODE_FAILED, INTERNAL -> 500;
            // etcd refused the SERVER's own credentials: a misconfigured deployment, not the caller's fault
            case PERMISSION_DENIED, UNAUTHENTICATED -> 502;
            case UNAVAILABLE, ILLEGAL_STATE, INTERRUPTED -> 503;
            case INDETERMINATE -> 504;
            case NO_SPACE -> 507;
        };
    }
}
