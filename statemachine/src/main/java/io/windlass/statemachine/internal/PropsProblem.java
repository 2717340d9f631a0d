package io.windlass.statemachine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.windlass.statemachine.WindlassException;
import java.util.stream.Collectors;

/** Turns a Jackson props-decoding failure into one short sentence: the field path and the problem, no noise. */
final class PropsProblem {
    private PropsProblem() {
    }

    static String describe(Exception e, boolean absent) {
        String where = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            where = "field '" + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[") + "': ";
        }
        Throwable root = rootValidationFailure(e);
        String what;
        if (root instanceof WindlassException w) {
            what = w.getMessage().substring(w.code().name().length() + 2);
        } else if (root != null && root != e) {
            what = root.getClass().getSimpleName() + ": " + root.getMessage();
        } else if (e instanceof JsonProcessingException p) {
            what = p.getOriginalMessage();
        } else {
            what = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return (absent ? "props are missing and an empty object is not valid: " : "") + where + firstLine(what);
    }

    /** The exception a props constructor threw (Jackson wraps it), if any. */
    private static Throwable rootValidationFailure(Throwable e) {
        Throwable t = e.getCause();
        while (t != null && t.getCause() != null && t.getCause() != t && !(t instanceof WindlassException)) {
            t = t.getCause();
        }
        return t;
    }

    /** Jackson's hints about its own configuration, which mean nothing to whoever wrote the props. */
    private static final java.util.regex.Pattern JACKSON_HINTS = java.util.regex.Pattern.compile(
            " \\((token `[^`]*`|but could if coercion[^)]*|set DeserializationConfig[^)]*|although at least one Creator exists)\\)");

    private static String firstLine(String s) {
        if (s == null) {
            return "(no details)";
        }
        int nl = s.indexOf('\n');
        return JACKSON_HINTS.matcher(nl < 0 ? s : s.substring(0, nl)).replaceAll("");
    }
}
