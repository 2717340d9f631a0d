package io.windlass.statemachine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.statemachine.TimeBounds;
import io.windlass.statemachine.codec.WireTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Strict readers for the fields of the wire format. Each failure throws {@link Problem} with a short message
 * naming the field; the codec turns it into a DecodeException carrying the raw bytes.
 */
final class WireFields {
    private WireFields() {
    }

    /** A decoding problem (message only; the codec adds context and raw bytes). */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    static JsonNode requireObject(JsonNode node, String what) {
        if (node == null || node.isMissingNode()) {
            throw new Problem(what + " is missing");
        }
        if (!node.isObject()) {
            throw new Problem(what + " must be a JSON object, was " + typeOf(node));
        }
        return node;
    }

    /** The field's node, or null when it is absent or JSON null. */
    static JsonNode optional(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() ? null : v;
    }

    static JsonNode require(JsonNode obj, String field) {
        JsonNode v = optional(obj, field);
        if (v == null) {
            throw new Problem("required field '" + field + "' is missing");
        }
        return v;
    }

    static String requireText(JsonNode obj, String field) {
        return text(require(obj, field), field);
    }

    static String optionalText(JsonNode obj, String field) {
        JsonNode v = optional(obj, field);
        return v == null ? null : text(v, field);
    }

    private static String text(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw new Problem("field '" + field + "' must be a string, was " + typeOf(v));
        }
        return v.textValue();
    }

    static Instant requireInstant(JsonNode obj, String field) {
        return instant(requireText(obj, field), field);
    }

    static Instant optionalInstant(JsonNode obj, String field) {
        String s = optionalText(obj, field);
        return s == null ? null : instant(s, field);
    }

    private static Instant instant(String s, String field) {
        Instant t;
        try {
            t = WireTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new Problem("field '" + field + "' is not an ISO-8601 UTC instant: '" + clip(s) + "'");
        }
        if (!TimeBounds.contains(t)) {
            throw new Problem("field '" + field + "' is an absurd time " + t + " (accepted: ["
                    + TimeBounds.EARLIEST + ", " + TimeBounds.LATEST + "))");
        }
        return t;
    }

    static long requireNonNegativeLong(JsonNode obj, String field) {
        JsonNode v = require(obj, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Problem("field '" + field + "' must be an integer, was " + typeOf(v) + " " + clip(v.toString()));
        }
        long n = v.longValue();
        if (n < 0) {
            throw new Problem("field '" + field + "' must be >= 0, was " + n);
        }
        return n;
    }

    static <E extends Enum<E>> E requireEnum(JsonNode obj, String field, Class<E> type, String what) {
        String name = requireText(obj, field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new Problem("unknown " + what + " '" + clip(name) + "' (known: "
                + Arrays.toString(type.getEnumConstants()) + ")");
    }

    static String typeOf(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** At most 64 characters of {@code s}, for messages. */
    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
