package org.rampart.event;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The fast path of {@link Timestamps}: ISO-8601 / RFC 3339 and its space-separated variant, read by index without
 * allocating. Anything it does not recognise goes to {@link FuzzyParser}.
 */
final class IsoParser {
    /** Marker: not ISO-shaped, try the fuzzy parser. */
    static final Instant NOT_ISO = Instant.MAX;

    private IsoParser() {}

    /** The instant, null for an ISO-shaped but impossible date (month 13), or {@link #NOT_ISO}. */
    static Instant parse(String s, ZoneId zone) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return NOT_ISO;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return NOT_ISO;
        }
        if (n == 10) {
            return Timestamps.toInstant(year, month, day, 0, 0, 0, 0, null, zone);
        }
        char sep = s.charAt(10);
        if ((sep != 'T' && sep != 't' && sep != ' ') || n < 16 || s.charAt(13) != ':') {
            return NOT_ISO;
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (hour < 0 || minute < 0) {
            return NOT_ISO;
        }
        int p = 16;
        int second = 0;
        int nanos = 0;
        if (p < n && s.charAt(p) == ':') {
            second = p + 3 <= n ? digits(s, p + 1, 2) : -1;
            if (second < 0) {
                return NOT_ISO;
            }
            p += 3;
            if (p < n && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
                p++;
                int start = p;
                while (p < n && isDigit(s.charAt(p))) {
                    if (p - start < 9) {
                        nanos = nanos * 10 + (s.charAt(p) - '0');
                    }
                    p++;
                }
                if (p == start) {
                    return NOT_ISO;
                }
                for (int k = Math.min(p - start, 9); k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        while (p < n && s.charAt(p) == ' ') {
            p++;
        }
        Integer offset;
        if (p == n) {
            offset = null;
        } else {
            char c = s.charAt(p);
            if ((c == 'Z' || c == 'z') && p + 1 == n) {
                offset = 0;
            } else if (c == '+' || c == '-') {
                int seconds = offsetSeconds(s, p + 1);
                if (seconds < 0) {
                    return NOT_ISO;
                }
                offset = c == '-' ? -seconds : seconds;
            } else if (n - p == 3 && (s.regionMatches(true, p, "UTC", 0, 3) || s.regionMatches(true, p, "GMT", 0, 3))) {
                offset = 0;
            } else {
                return NOT_ISO;
            }
        }
        return Timestamps.toInstant(year, month, day, hour, minute, second, nanos, offset, zone);
    }

    /** {@code HH}, {@code HHMM} or {@code HH:MM} up to the end of the text, as seconds; -1 if it is not that. */
    private static int offsetSeconds(String s, int p) {
        int rest = s.length() - p;
        int hours = rest >= 2 ? digits(s, p, 2) : -1;
        int minutes;
        if (rest == 2) {
            minutes = 0;
        } else if (rest == 4) {
            minutes = digits(s, p + 2, 2);
        } else if (rest == 5 && s.charAt(p + 2) == ':') {
            minutes = digits(s, p + 3, 2);
        } else {
            return -1;
        }
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return -1;
        }
        return hours * 3600 + minutes * 60;
    }

    /** The non-negative number written by {@code count} digits at {@code from}, or -1. */
    static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
