package org.rampart.server.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.IndexNames;
import org.rampart.query.StorePartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's pruneIndexes, per index family: daily event partitions are deleted once their day is more than
 * {@code eventDays} days before today, monthly alert partitions once their month ended more than {@code alertDays}
 * days ago; 0 keeps a family. Other indices are never pruned. Days are UTC, like the partitions.
 *
 * @param eventDays {@code lifecycle.events.retention_days} (MozDef: 20)
 * @param alertDays {@code lifecycle.alerts.retention_days} (MozDef keeps alerts: 0)
 */
public record Retention(int eventDays, int alertDays) {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    public Retention {
        if (eventDays < 0 || alertDays < 0) {
            throw new IllegalArgumentException("retention days must not be negative (0 keeps everything): events "
                    + eventDays + ", alerts " + alertDays);
        }
    }

    /** The retention {@code lifecycle.events.retention_days} and {@code lifecycle.alerts.retention_days} set. */
    public static Retention of(RampartConfig config) {
        return new Retention(config.integer("lifecycle.events.retention_days", 0),
                config.integer("lifecycle.alerts.retention_days", 0));
    }

    /** What one run deleted: the partitions and the bytes they took. */
    public record Run(Instant at, List<StorePartition> pruned) {
        public long bytes() {
            return pruned.stream().mapToLong(StorePartition::sizeBytes).sum();
        }
    }

    /** Deletes the partitions past retention at {@code now}, logging each. */
    public Run apply(EventStore store, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<StorePartition> pruned = new ArrayList<>();
        for (StorePartition partition : store.partitions()) {
            if (expired(partition.name(), today) && store.prune(partition.name())) {
                LOG.info("retention: pruned {} ({} bytes)", partition.name(), partition.sizeBytes());
                pruned.add(partition);
            }
        }
        return new Run(now, List.copyOf(pruned));
    }

    /** Whether a partition is past retention on a UTC day; a name that only looks like a partition never is. */
    boolean expired(String partition, LocalDate today) {
        if (eventDays > 0 && IndexNames.eventsPartitionDay(partition).filter(day -> day.isBefore(today.minusDays(eventDays)))
                .isPresent()) {
            return true;
        }
        return alertDays > 0 && IndexNames.alertsPartitionMonth(partition)
                .filter(month -> month.atEndOfMonth().isBefore(today.minusDays(alertDays))).isPresent();
    }
}
