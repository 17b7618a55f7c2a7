package org.rampart.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.rampart.query.tree.Dates;

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

    /** A leading dot is allowed for MozDef's {@code .kibana}. */
    private static final Pattern INDEX_NAME = Pattern.compile("\\.?[a-z0-9][a-z0-9_+-]{0,199}");
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

    /** Whether a name is a valid concrete index name (lowercase letters, digits, '-', '_', '+'; an optional leading '.'). */
    public static boolean isValidName(String name) {
        return INDEX_NAME.matcher(name).matches();
    }

    /** The name itself when it is a valid concrete index name, else an IllegalArgumentException that says the rule. */
    public static String checkName(String index) {
        if (!isValidName(index)) {
            throw new IllegalArgumentException("bad index name '" + index + "': use lowercase letters, digits, "
                    + "'-', '_' and '+', starting with a letter or digit (after an optional '.'), at most 200 characters");
        }
        return index;
    }

    /**
     * The concrete partition a write to {@code index} goes to at {@code now}: {@code events} to the day of the event's
     * {@code receivedtimestamp} (so a replay lands where the original did), {@code alerts} to the current month, any
     * other valid name to itself; the read-only aliases and bad names are an IllegalArgumentException.
     */
    public static String writeTarget(String index, ObjectNode source, Instant now) {
        if (index == null) {
            throw new IllegalArgumentException("an index request needs an index name");
        }
        return switch (index) {
            case EVENTS -> eventsPartition(eventDay(source, LocalDate.ofInstant(now, ZoneOffset.UTC)));
            case ALERTS -> alertsPartition(now);
            default -> {
                if (isReadOnlyAlias(index)) {
                    throw new IllegalArgumentException("'" + index + "' covers several partitions and cannot be "
                            + "written to; write to 'events' or a concrete index such as 'events-20261123'");
                }
                yield checkName(index);
            }
        };
    }

    /**
     * The UTC day of the event's receivedtimestamp, else today. A receivedtimestamp more than a day ahead of today is
     * not trusted: it would hide the event in a future partition no alias covers.
     */
    private static LocalDate eventDay(ObjectNode source, LocalDate today) {
        JsonNode received = source.get("receivedtimestamp");
        Long millis = received != null && received.isTextual() ? Dates.parse(received.textValue()) : null;
        if (millis != null) {
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
            if (day.getYear() >= 1000 && !day.isAfter(today.plusDays(1))) {
                return day;
            }
        }
        return today;
    }
}
