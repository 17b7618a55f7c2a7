package org.rampart.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MozDef's index names, in one place: events in daily partitions {@code events-YYYYMMDD}, alerts in monthly
 * partitions {@code alerts-YYYYMM} (UTC), and the aliases over them: {@code events} (today's partition),
 * {@code events-previous} (yesterday's), {@code events-weekly} (the last seven days) and {@code alerts} (every
 * alert partition). Every store resolves names with these rules.
 */
public final class IndexNames {
    /** Today's event partition; a write to it goes to the partition of the event's day. */
    public static final String EVENTS = "events";
    /** Yesterday's event partition. */
    public static final String EVENTS_PREVIOUS = "events-previous";
    /** The event partitions of the last seven days, today included. */
    public static final String EVENTS_WEEKLY = "events-weekly";
    /** Every alert partition; a write to it goes to the current month's. */
    public static final String ALERTS = "alerts";
    /** MozDef's alert plugins' default index pattern, every event partition; searched as {@link #EVENTS_WEEKLY}. */
    public static final String EVENTS_PATTERN = "events-*";

    private static final Pattern EVENTS_PARTITION = Pattern.compile("events-\\d{8}");
    private static final Pattern ALERTS_PARTITION = Pattern.compile("alerts-\\d{6}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");
    private static final int WEEK = 7;

    private IndexNames() {}

    /** {@code events-YYYYMMDD} of a UTC day. */
    public static String eventsPartition(LocalDate day) {
        return "events-" + DAY.format(day);
    }

    /** {@code alerts-YYYYMM} of the UTC month of an instant. */
    public static String alertsPartition(Instant now) {
        return "alerts-" + MONTH.format(LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    /** The UTC day of a concrete daily event partition; empty for any other name (or a date that does not exist). */
    public static Optional<LocalDate> eventsPartitionDay(String name) {
        if (!isEventsPartition(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(name.substring("events-".length()), DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The UTC month of a concrete monthly alert partition; empty for any other name (or a month that does not exist). */
    public static Optional<YearMonth> alertsPartitionMonth(String name) {
        if (!isAlertsPartition(name)) {
            return Optional.empty();
        }
        try {
            return Optional.of(YearMonth.parse(name.substring("alerts-".length()), MONTH));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a name is a concrete daily event partition. */
    public static boolean isEventsPartition(String name) {
        return EVENTS_PARTITION.matcher(name).matches();
    }

    /** Whether a name is a concrete monthly alert partition. */
    public static boolean isAlertsPartition(String name) {
        return ALERTS_PARTITION.matcher(name).matches();
    }

    /** Whether a name is an alias over several partitions, which cannot be written to. */
    public static boolean isReadOnlyAlias(String name) {
        return name.equals(EVENTS_PREVIOUS) || name.equals(EVENTS_WEEKLY);
    }

    /**
     * The event partitions an events alias names on a UTC day (whether they exist or not), newest first; empty
     * when the name is not one of {@link #EVENTS}, {@link #EVENTS_PREVIOUS}, {@link #EVENTS_WEEKLY}.
     */
    public static List<String> eventsPartitions(String alias, LocalDate today) {
        return switch (alias) {
            case EVENTS -> List.of(eventsPartition(today));
            case EVENTS_PREVIOUS -> List.of(eventsPartition(today.minusDays(1)));
            case EVENTS_WEEKLY -> {
                List<String> week = new ArrayList<>(WEEK);
                for (int back = 0; back < WEEK; back++) {
                    week.add(eventsPartition(today.minusDays(back)));
                }
                yield week;
            }
            default -> List.of();
        };
    }
}
