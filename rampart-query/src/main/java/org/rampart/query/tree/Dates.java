package org.rampart.query.tree;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Elasticsearch's {@code dateOptionalTime}: ISO-8601 date, optional time, optional offset (UTC if none). The one date
 * grammar of {@code date} fields: the store indexes with it and the streaming matcher reads with it, so a range means
 * the same in both.
 */
public final class Dates {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    /** Elasticsearch's date detection in plain indices only takes strings shaped like this. */
    private static final Pattern DETECTABLE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T.*)?");

    private static final Instant MIN = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant MAX = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Dates() {}

    /** Epoch milliseconds of an ISO-8601 date-time, or null if it is not one. */
    public static Long parse(String text) {
        if (text == null || text.length() > 64) {
            return null;
        }
        long fast = common(text);
        if (fast != NOT_COMMON) {
            return fast;
        }
        try {
            TemporalAccessor t = FORMAT.parse(text.strip());
            LocalDate date = LocalDate.from(t);
            LocalTime time = t.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalTime.of(t.get(ChronoField.HOUR_OF_DAY),
                            t.isSupported(ChronoField.MINUTE_OF_HOUR) ? t.get(ChronoField.MINUTE_OF_HOUR) : 0,
                            t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0,
                            t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : 0)
                    : LocalTime.MIDNIGHT;
            ZoneOffset offset = t.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return date.atTime(time).toInstant(offset).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static final long NOT_COMMON = Long.MIN_VALUE;

    /**
     * The shape nearly every event has ({@code 2026-11-23T09:59:00.123456+00:00}, {@code ...Z}, no fraction), parsed
     * without the formatter, which costs several microseconds per timestamp on the indexing hot path; anything
     * else gives {@link #NOT_COMMON} and goes through the formatter.
     */
    private static long common(String s) {
        int len = s.length();
        if (len < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_COMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return NOT_COMMON;
        }
        int i = 19;
        int millis = 0;
        if (i < len && s.charAt(i) == '.') {
            int start = ++i;
            while (i < len && i - start < 9 && Character.isDigit(s.charAt(i))) {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                return NOT_COMMON;
            }
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < len && s.charAt(i) == 'Z') {
            i++;
        } else if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int hh = digits(s, i + 1, i + 3);
            int mmStart = i + 3 < len && s.charAt(i + 3) == ':' ? i + 4 : i + 3;
            int mm = digits(s, mmStart, mmStart + 2);
            if (hh < 0 || hh > 18 || mm < 0 || mm > 59) {
                return NOT_COMMON;
            }
            offsetSeconds = sign * (hh * 3600 + mm * 60);
            i = mmStart + 2;
        }
        if (i != len) {
            return NOT_COMMON;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return epochDay * 86_400_000L + (hour * 3600L + minute * 60L + second - offsetSeconds) * 1000L + millis;
    }

    /** The non-negative number written in s[from, to), or -1 if it is not all digits or out of bounds. */
    private static int digits(String s, int from, int to) {
        if (to > s.length()) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Epoch milliseconds of a query bound: an Instant, an ISO string, or a number of milliseconds. */
    public static Long parse(Object value) {
        return switch (value) {
            case Instant i -> i.isBefore(MIN) || i.isAfter(MAX) ? null : i.toEpochMilli();
            case String s -> parse(s);
            case BigDecimal d -> d.longValue();
            case Number n -> n.longValue();
            default -> null;
        };
    }

    /** Whether a string in a plain index is taken for a date, as Elasticsearch's date detection does. */
    public static boolean detectable(String text) {
        return text.length() <= 64 && DETECTABLE.matcher(text).matches() && parse(text) != null;
    }
}
