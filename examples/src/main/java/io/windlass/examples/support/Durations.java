package io.windlass.examples.support;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human durations: {@code "500ms"}, {@code "20s"}, {@code "2m"}, {@code "1h"}, {@code "1d"}, {@code "0"} and
 * ISO-8601 ({@code "PT1M30S"}). Anything else is an INVALID_ARGUMENT naming the text and the accepted forms.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws WindlassException INVALID_ARGUMENT for blank or malformed text, or a negative ISO duration */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "duration must not be negative: '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    /** Compact human form: {@code 1h2m3s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || sb.length() == 0) {
            sb.append(d.toSecondsPart());
            if (d.toMillisPart() > 0) {
                sb.append('.').append(String.format(Locale.ROOT, "%03d", d.toMillisPart()));
            }
            sb.append('s');
        }
        return sb.toString();
    }

    private static WindlassException invalid(String text) {
        return new WindlassException(ErrorCode.INVALID_ARGUMENT, "invalid duration '" + text
                + "': use e.g. 500ms, 20s, 2m, 1h, 1d or ISO-8601 like PT1M30S");
    }
}
