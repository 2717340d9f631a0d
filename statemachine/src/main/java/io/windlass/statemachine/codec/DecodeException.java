package io.windlass.statemachine.codec;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;

/**
 * Stored bytes could not be decoded (malformed JSON, unknown state or command name, missing field, absurd value).
 * Carries the raw bytes so callers can quarantine them; it never means "absent".
 */
public final class DecodeException extends WindlassException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] raw;

    public DecodeException(String message, byte[] raw, Throwable cause) {
        super(ErrorCode.DECODE_FAILED, message, cause);
        this.raw = raw == null ? new byte[0] : raw.clone();
    }

    /** A copy of the bytes that failed to decode. */
    public byte[] raw() {
        return raw.clone();
    }
}
