package org.rampart.event;

import static org.rampart.event.IsoParser.digits;
import static org.rampart.event.IsoParser.isDigit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The slow path of {@link Timestamps}: a small version of dateutil's fuzzy parser for the log formats that are not
 * ISO-8601. It walks the text once, picking out a time of day ({@code 14:01:12[.123]}), a date group
 * ({@code 12/Jul/2017}, {@code 2017/07/12}, {@code 07/12/2017}, {@code 20170712}), month names, lone day and year
 * numbers, AM/PM, and a zone ({@code +0000}, {@code -07:00}, {@code UTC}, {@code GMT}, {@code Z}); every other word
 * is skipped. One instance parses one text.
 */
final class FuzzyParser {
    private final String s;
    private final int n;
    private int p;
    private int year = -1;
    private boolean twoDigitYear;
    private int month = -1;
    private int day = -1;
    private int hour = -1;
    private int minute;
    private int second;
    private int nanos;
    private boolean am;
    private boolean pm;
    private Integer offset;

    FuzzyParser(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** The instant, or null when the text holds no date. */
    Instant parse(Clock clock) {
        while (p < n) {
            char c = s.charAt(p);
            if (isDigit(c)) {
                number();
            } else if (Character.isLetter(c)) {
                word();
            } else if ((c == '+' || c == '-') && hour >= 0 && offset == null && p + 1 < n && isDigit(s.charAt(p + 1))) {
                zoneOffset(c == '-');
            } else {
                p++;
            }
        }
        boolean hasDate = month >= 0 && (year >= 0 || day >= 0);
        if (!hasDate && hour < 0) {
            return null;
        }
        LocalDate today = Timestamps.today(clock);
        int y = year < 0 ? today.getYear() : twoDigitYear ? fullYear(year, today.getYear()) : year;
        int m = month < 0 ? today.getMonthValue() : month;
        int d = day < 0 ? today.getDayOfMonth() : day;
        if (day < 0 && m >= 1 && m <= 12 && y >= 1 && y <= 9999) {
            d = Math.min(d, YearMonth.of(y, m).lengthOfMonth());
        }
        int h = hour < 0 ? 0 : hour;
        if (pm && h < 12) {
            h += 12;
        } else if (am && h == 12) {
            h = 0;
        }
        return Timestamps.toInstant(y, m, d, h, minute, second, nanos, offset, clock.getZone());
    }

    /** dateutil's rule: a two-digit year is the one within 50 years of now. */
    private static int fullYear(int twoDigits, int currentYear) {
        int y = twoDigits + currentYear / 100 * 100;
        if (Math.abs(y - currentYear) >= 50) {
            y += y < currentYear ? 100 : -100;
        }
        return y;
    }

    private int runEnd(int from, boolean digitsRun) {
        int e = from;
        while (e < n && (digitsRun ? isDigit(s.charAt(e)) : Character.isLetter(s.charAt(e)))) {
            e++;
        }
        return e;
    }

    private void number() {
        int start = p;
        int end = runEnd(start, true);
        int len = end - start;
        p = end;
        if (end < n && s.charAt(end) == ':' && len <= 2 && hour < 0 && time(start)) {
            return;
        }
        if (end + 1 < n && isDateSeparator(s.charAt(end)) && month < 0 && dateGroup(start, end, s.charAt(end))) {
            return;
        }
        if (len == 8 && year < 0 && month < 0) {
            compactDate(start);
        } else if (len == 6 && hour < 0 && year >= 0 && start > 0 && (s.charAt(start - 1) == 'T' || s.charAt(start - 1) == 't')) {
            hour = digits(s, start, 2);
            minute = digits(s, start + 2, 2);
            second = digits(s, start + 4, 2);
        } else if (len == 4 && year < 0) {
            year = digits(s, start, 4);
        } else if (len <= 2) {
            int value = digits(s, start, len);
            if (hour < 0 && ampmFollows(end)) {
                hour = value;
            } else if (day < 0 && value >= 1 && value <= 31) {
                day = value;
            } else if (year < 0 && len == 2) {
                year = value;
                twoDigitYear = true;
            }
        }
    }

    private void compactDate(int start) {
        int y = digits(s, start, 4);
        int m = digits(s, start + 4, 2);
        int d = digits(s, start + 6, 2);
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            year = y;
            month = m;
            day = d;
        }
    }

    private boolean ampmFollows(int from) {
        int i = from;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        int e = runEnd(i, false);
        return e - i == 2 && (s.regionMatches(true, i, "am", 0, 2) || s.regionMatches(true, i, "pm", 0, 2));
    }

    /** {@code HH:MM[:SS[.fraction]]} starting at {@code start}; false (nothing consumed) if it is not that. */
    private boolean time(int start) {
        int colon = runEnd(start, true);
        int mEnd = runEnd(colon + 1, true);
        if (mEnd - colon - 1 != 2) {
            return false;
        }
        int h = digits(s, start, colon - start);
        int m = digits(s, colon + 1, 2);
        int sec = 0;
        int frac = 0;
        int e = mEnd;
        if (e + 2 < n && s.charAt(e) == ':' && runEnd(e + 1, true) - e - 1 == 2) {
            sec = digits(s, e + 1, 2);
            e += 3;
            if (e + 1 < n && (s.charAt(e) == '.' || s.charAt(e) == ',') && isDigit(s.charAt(e + 1))) {
                int fEnd = runEnd(e + 1, true);
                for (int i = e + 1; i < e + 10; i++) {
                    frac = frac * 10 + (i < fEnd ? s.charAt(i) - '0' : 0);
                }
                e = fEnd;
            }
        }
        hour = h;
        minute = m;
        second = sec;
        nanos = frac;
        p = e;
        return true;
    }

    private static boolean isDateSeparator(char c) {
        return c == '/' || c == '-' || c == '.';
    }

    /**
     * Three parts joined by one separator, each digits or a month name: {@code 2017/07/12} (year first),
     * {@code 12/Jul/2017}, {@code Jul-12-2017}, {@code 07/12/2017} (month first unless the first part is above 12,
     * as dateutil). Followed by {@code :HH:MM:SS} in Apache's format.
     */
    private boolean dateGroup(int start, int firstEnd, char sep) {
        int[] value = new int[3];
        int[] length = new int[3];
        boolean[] named = new boolean[3];
        int e = start;
        for (int part = 0; part < 3; part++) {
            if (part > 0) {
                if (e >= n || s.charAt(e) != sep) {
                    return false;
                }
                e++;
            }
            if (e >= n) {
                return false;
            }
            int partEnd;
            if (isDigit(s.charAt(e))) {
                partEnd = runEnd(e, true);
                length[part] = partEnd - e;
                if (length[part] > 4) {
                    return false;
                }
                value[part] = digits(s, e, length[part]);
            } else {
                partEnd = runEnd(e, false);
                value[part] = Timestamps.monthOf(s, e, partEnd);
                if (value[part] == 0) {
                    return false;
                }
                named[part] = true;
            }
            e = partEnd;
        }
        if ((named[0] && named[1]) || named[2]) {
            return false;
        }
        int y;
        int m;
        int d;
        int yearPart = 2;
        if (length[0] == 4) {
            y = value[0];
            m = value[1];
            d = value[2];
            yearPart = 0;
        } else if (named[1] || (!named[0] && value[0] > 12)) {
            d = value[0];
            m = value[1];
            y = value[2];
        } else {
            m = value[0];
            d = value[1];
            y = value[2];
        }
        if (yearPart == 2 && length[2] != 2 && length[2] != 4) {
            return false;
        }
        year = y;
        twoDigitYear = length[yearPart] == 2;
        month = m;
        day = d;
        p = e;
        if (p + 1 < n && s.charAt(p) == ':' && isDigit(s.charAt(p + 1)) && hour < 0) {
            time(p + 1);
        }
        return true;
    }

    private void word() {
        int start = p;
        int end = runEnd(start, false);
        p = end;
        int len = end - start;
        int named = Timestamps.monthOf(s, start, end);
        if (named > 0) {
            if (month < 0) {
                month = named;
            }
        } else if (len == 2 && hour >= 0 && s.regionMatches(true, start, "am", 0, 2)) {
            am = true;
        } else if (len == 2 && hour >= 0 && s.regionMatches(true, start, "pm", 0, 2)) {
            pm = true;
        } else if (offset == null && isUtcName(start, len)) {
            offset = 0;
        }
    }

    private boolean isUtcName(int start, int len) {
        return (len == 3 && (s.regionMatches(true, start, "utc", 0, 3) || s.regionMatches(true, start, "gmt", 0, 3)))
                || (len == 1 && (s.charAt(start) == 'Z' || s.charAt(start) == 'z') && hour >= 0)
                || (len == 2 && s.regionMatches(true, start, "ut", 0, 2));
    }

    /** {@code +HHMM}, {@code +HH} or {@code +HH:MM} after a time of day. */
    private void zoneOffset(boolean negative) {
        int start = p + 1;
        int end = runEnd(start, true);
        int len = end - start;
        int h;
        int m = 0;
        if (len == 4) {
            h = digits(s, start, 2);
            m = digits(s, start + 2, 2);
        } else if (len == 2 || len == 1) {
            h = digits(s, start, len);
            if (end + 2 < n && s.charAt(end) == ':' && runEnd(end + 1, true) - end - 1 == 2) {
                m = digits(s, end + 1, 2);
                end += 3;
            }
        } else {
            p = end;
            return;
        }
        p = end;
        if (h <= 23 && m <= 59) {
            int seconds = h * 3600 + m * 60;
            offset = negative ? -seconds : seconds;
        }
    }
}
