package io.windlass.statemachine;

import java.util.Objects;

/** The one unchecked exception root of Windlass. Retryability is a property of its {@link ErrorCode}. */
public class WindlassException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public WindlassException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public WindlassException(ErrorCode code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }
}
