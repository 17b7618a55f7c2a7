package org.rampart.store.lucene;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/** Elasticsearch's {@code dateOptionalTime}: ISO-8601 date, optional time, optional offset (UTC if none). */
final class Dates {
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
            .toFormatter();
    /** Elasticsearch's date detection in plain indices only takes strings shaped like this. */
    private static final Pattern DETECTABLE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T.*)?");

    private static final Instant MIN = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant MAX = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Dates() {}

    /** Epoch milliseconds of an ISO-8601 date-time, or null if it is not one. */
    static Long parse(String text) {
        if (text == null || text.length() > 64) {
            return null;
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

    /** Epoch milliseconds of a query bound: an Instant, an ISO string, or a number of milliseconds. */
    static Long parse(Object value) {
        return switch (value) {
            case Instant i -> i.isBefore(MIN) || i.isAfter(MAX) ? null : i.toEpochMilli();
            case String s -> parse(s);
            case BigDecimal d -> d.longValue();
            case Number n -> n.longValue();
            default -> null;
        };
    }

    static boolean detectable(String text) {
        return text.length() <= 64 && DETECTABLE.matcher(text).matches() && parse(text) != null;
    }
}
