package org.rampart.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * MozDef's {@code toUTC}: makes a UTC instant out of almost anything a log shipper sends, and formats it the way
 * MozDef stores it.
 *
 * <p>Accepted, fast paths first:
 * <ul>
 *   <li>epoch numbers, JSON numbers or digit strings of any length: up to 10 integer digits are seconds, longer ones
 *       are scaled down to 10 integer digits (milliseconds, microseconds, nanoseconds). Zero or negative is
 *       1970-01-01. MozDef fails on digit strings longer than 10 and reads ints shorter than 10 digits as fractions
 *       of a second; Rampart reads both as a person would;</li>
 *   <li>ISO-8601 / RFC 3339 ({@code 2017-05-25T07:14:15.123Z}, space instead of {@code T}, any fraction length,
 *       {@code Z}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH}, no zone);</li>
 *   <li>the other common log formats dateutil's fuzzy parser (which MozDef uses) reads: RFC 2822
 *       ({@code Mon, 11 Sep 2017 14:45:47 +0000}), syslog ({@code Oct 27 14:01:12}, current year), Apache
 *       ({@code 12/Jul/2017:20:52:30 +0000}), ctime ({@code Tue Jul 11 14:45:47 2017}), {@code 2017/07/12 20:52:30},
 *       US {@code 07/12/2017} (month first, as dateutil), {@code July 11, 2017 2:45:47 PM},
 *       {@code 20170712T205230Z} (a bare {@code 20170712} is all digits, so an epoch);
 *       words that are not dates are skipped, as dateutil's fuzzy mode does.</li>
 * </ul>
 * A time without a zone is local time of the clock's zone; missing date parts come from the clock's today. Text
 * that holds no date (no time of day, and neither a year with a month nor a month with a day) is not a date, and
 * neither is text longer than {@value #MAX_TEXT} characters (events are attacker-controlled).
 */
public final class Timestamps {
    static final int MAX_TEXT = 256;
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final BigDecimal HALF_MICRO = new BigDecimal("0.0000005");
    private static final BigDecimal MAX_EPOCH = BigDecimal.TEN.pow(40);
    private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec"};
    private static final String[] MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december"};

    private Timestamps() {}

    /**
     * Parses a JSON value (number or string) as MozDef's {@code toUTC} does.
     *
     * @return the instant, or null when the value is not a date (callers decide what that means; nothing is thrown,
     *     because this runs for every event and bad dates are common)
     */
    public static Instant parse(JsonNode value, Clock clock) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? fromEpochLong(value.longValue()) : fromEpochDecimal(value.decimalValue());
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            return Double.isFinite(d) ? fromEpochDecimal(value.decimalValue()) : null;
        }
        if (value.isTextual()) {
            return parse(value.textValue(), clock);
        }
        return null;
    }

    /**
     * Parses text as MozDef's {@code toUTC} does (see the class description).
     *
     * @return the instant, or null when the text is not a date
     */
    public static Instant parse(String text, Clock clock) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_TEXT) {
            return null;
        }
        Instant epoch = parseNumeric(s);
        return epoch == NOT_NUMERIC ? parseDate(s, clock) : epoch;
    }

    /**
     * Formats like Python's {@code datetime.isoformat()} of a UTC datetime: {@code YYYY-MM-DDTHH:MM:SS+00:00},
     * with {@code .ffffff} only when the microseconds are not zero (nanoseconds are truncated).
     */
    public static String isoformat(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        int micros = t.getNano() / 1000;
        int year = t.getYear();
        if (year < 0 || year > MAX_YEAR) {
            // Python cannot represent these; the parsers never produce them, but an Instant from elsewhere might.
            return t.toString() + "+00:00";
        }
        char[] out = new char[micros == 0 ? 25 : 32];
        put4(out, 0, year);
        out[4] = '-';
        put2(out, 5, t.getMonthValue());
        out[7] = '-';
        put2(out, 8, t.getDayOfMonth());
        out[10] = 'T';
        put2(out, 11, t.getHour());
        out[13] = ':';
        put2(out, 14, t.getMinute());
        out[16] = ':';
        put2(out, 17, t.getSecond());
        int p = 19;
        if (micros != 0) {
            out[p++] = '.';
            for (int div = 100_000; div > 0; div /= 10) {
                out[p++] = (char) ('0' + (micros / div) % 10);
            }
        }
        out[p++] = '+';
        out[p++] = '0';
        out[p++] = '0';
        out[p++] = ':';
        out[p++] = '0';
        out[p] = '0';
        return new String(out);
    }

    private static void put2(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }

    private static void put4(char[] out, int at, int value) {
        put2(out, at, value / 100);
        put2(out, at + 2, value % 100);
    }

    // ---------------------------------------------------------------- epochs

    /** Marker: the text is not a number, go on with date parsing. */
    private static final Instant NOT_NUMERIC = Instant.MIN;

    /** Epoch text (optional sign, digits, optional fraction): the instant, null if out of range, or NOT_NUMERIC. */
    private static Instant parseNumeric(String s) {
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        int digits = 0;
        int dots = 0;
        for (int k = i; k < n; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && dots == 0) {
                dots++;
            } else {
                return NOT_NUMERIC;
            }
        }
        if (digits == 0) {
            return NOT_NUMERIC;
        }
        if (negative) {
            return Instant.EPOCH;
        }
        if (dots == 0 && n - i <= 18) {
            return fromEpochLong(Long.parseLong(s, i, n, 10));
        }
        return fromEpochDecimal(new BigDecimal(s.substring(i)));
    }

    private static Instant fromEpochLong(long value) {
        if (value <= 0) {
            return Instant.EPOCH;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        if (digits <= 10) {
            return Instant.ofEpochSecond(value);
        }
        if (digits > 16) {
            // more than microseconds: round them the way Python's datetime does
            return fromEpochDecimal(BigDecimal.valueOf(value));
        }
        long divisor = 1;
        for (int k = 10; k < digits; k++) {
            divisor *= 10;
        }
        long seconds = value / divisor;
        long nanos = value % divisor * (1_000_000_000L / divisor);
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static Instant fromEpochDecimal(BigDecimal value) {
        // compareTo looks at exponents first, so these guards stay cheap for 1e-999999999 or 1e999999999,
        // which would make toBigInteger() or setScale() compute a power of ten with a billion digits
        if (value.signum() <= 0 || value.compareTo(HALF_MICRO) < 0) {
            return Instant.EPOCH;
        }
        if (value.compareTo(MAX_EPOCH) >= 0) {
            return null;
        }
        int digits = value.precision() - value.scale();
        if (digits > 10) {
            value = value.movePointLeft(digits - 10);
        }
        // Python's datetime keeps microseconds, rounding half to even
        BigDecimal micros = value.setScale(6, RoundingMode.HALF_EVEN);
        long seconds = micros.longValue();
        long nanos = micros.subtract(BigDecimal.valueOf(seconds)).multiply(BILLION).longValue();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    // ---------------------------------------------------------------- dates

    private static Instant parseDate(String s, Clock clock) {
        ZoneId zone = clock.getZone();
        Instant iso = IsoParser.parse(s, zone);
        return iso == IsoParser.NOT_ISO ? new FuzzyParser(s).parse(clock) : iso;
    }

    static Instant toInstant(int year, int month, int day, int hour, int minute, int second, int nanos,
            Integer offsetSeconds, ZoneId zone) {
        if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            Instant instant = offsetSeconds != null ? local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds))
                    : ZonedDateTime.of(local, zone).toInstant();
            // the UTC result must stay within Python's years too, or MozDef's isoformat could not write it
            return instant.isBefore(FIRST) || instant.isAfter(LAST) ? null : instant;
        } catch (DateTimeException e) {
            return null;
        }
    }

    static int monthOf(String s, int from, int to) {
        int len = to - from;
        if (len < 3) {
            return 0;
        }
        for (int m = 0; m < 12; m++) {
            if (len == 3 ? s.regionMatches(true, from, MONTHS[m], 0, 3)
                    : len == MONTH_NAMES[m].length() && s.regionMatches(true, from, MONTH_NAMES[m], 0, len)) {
                return m + 1;
            }
        }
        return len == 4 && s.regionMatches(true, from, "sept", 0, 4) ? 9 : 0;
    }

    static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), clock.getZone());
    }
}
