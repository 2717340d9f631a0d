package io.windlass.statemachine.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses the instants of the wire format. Windlass writes {@link Instant#toString()}'s canonical UTC form
 * ({@code 2026-11-28T17:30:00.123456Z}); that form is parsed directly, several times faster than
 * {@link Instant#parse}, which decoding tens of thousands of stored states at a node's start makes worthwhile. Any
 * other text goes to {@link Instant#parse}, so the accepted inputs, results and errors are exactly Instant.parse's.
 */
public final class WireTime {
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private WireTime() {
    }

    /**
     * The instant {@code text} names, as {@link Instant#parse} would return it.
     *
     * @throws DateTimeParseException if {@code text} is not an ISO-8601 instant (as Instant.parse throws it)
     * @throws NullPointerException   if {@code text} is null
     */
    public static Instant parse(CharSequence text) {
        Instant fast = canonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with in-range fields, or null for anything else. */
    private static Instant canonical(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int digits = n - 21;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            int fraction = digits(s, 20, digits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (month == 2 && day == 29 && !java.time.Year.isLeap(year)) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
