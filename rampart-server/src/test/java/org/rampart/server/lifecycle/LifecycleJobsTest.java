package org.rampart.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.schedule.CronSchedule;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.query.contract.MutableClock;
import org.rampart.server.extensions.ConfiguredExtensions;

/** Retention per index family on the lifecycle crontab, against the configured (Lucene) store on disk. */
class LifecycleJobsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T00:10:00Z");

    @TempDir
    Path data;
    private final MutableClock clock = new MutableClock(NOW);
    private EventStore store;

    @BeforeEach
    void openStore() {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("data.dir", data.toString()));
        store = ConfiguredExtensions.openStore(config, ConfiguredExtensions.of(config), clock);
        List<IndexRequest> batch = new ArrayList<>();
        for (int daysAgo : new int[] {0, 19, 20, 21, 40}) {
            Instant when = NOW.minus(Duration.ofDays(daysAgo));
            batch.add(IndexRequest.append("events", null, Json.object().put("receivedtimestamp", when.toString())));
        }
        for (String month : List.of("alerts-202609", "alerts-202610", "alerts-202611", "alerts-202612")) {
            batch.add(IndexRequest.append(month, null, Json.object().put("summary", "an alert")));
        }
        batch.add(IndexRequest.append("localities", null, Json.object().put("city", "Paris")));
        // Looks like a day partition, is a plain index: no day 99 of month 13 to count from.
        batch.add(IndexRequest.append("events-20261399", null, Json.object().put("city", "Nowhere")));
        store.index(batch);
        store.commit();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    private List<String> names() {
        return store.partitions().stream().map(StorePartition::name).toList();
    }

    @Test
    void mozdefsDefaultsPruneEventDaysOlderThanTwentyAndKeepAlertsAndOtherIndices() {
        LifecycleJobs jobs = new LifecycleJobs(store, Retention.of(RampartConfig.load(null, Map.of())),
                CronSchedule.parse("15 0 * * *"), clock);
        assertThat(jobs.tick()).as("not due before 00:15").isEmpty();

        clock.advance(Duration.ofMinutes(5));
        Retention.Run run = jobs.tick().orElseThrow();
        assertThat(run.pruned()).extracting(StorePartition::name).containsExactly("events-20261027", "events-20261115");
        assertThat(run.bytes()).isPositive();
        assertThat(jobs.lastRetention()).contains(run);
        assertThat(names()).containsExactly("alerts-202609", "alerts-202610", "alerts-202611", "alerts-202612",
                "events-20261116", "events-20261117", "events-20261206", "events-20261399", "localities");
        store.refresh();
        assertThat(store.count(SearchQuery.all(), List.of("events-2026120*", "events-2026111*"))).isEqualTo(3);

        clock.advance(Duration.ofHours(1));
        assertThat(jobs.tick()).as("next run is tomorrow").isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(jobs.tick().orElseThrow().pruned()).extracting(StorePartition::name).containsExactly("events-20261116");
    }

    @Test
    void alertMonthsArePrunedDaysAfterTheMonthEndedAndZeroKeepsAFamily() {
        Retention alertsOnly = new Retention(0, 30);
        Retention.Run run = alertsOnly.apply(store, NOW);
        // 2026-10 ended 36 days before 2026-12-06, 2026-11 only 5 days before.
        assertThat(run.pruned()).extracting(StorePartition::name).containsExactly("alerts-202609", "alerts-202610");
        assertThat(names()).contains("alerts-202611", "alerts-202612", "events-20261027", "localities");
    }

    @Test
    void badRetentionSettingsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> Retention.of(RampartConfig.load(null, Map.of())
                .with(Map.of("lifecycle.events.retention_days", "-1")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(Retention.of(RampartConfig.load(null, Map.of()).with(Map.of("lifecycle.events.retention_days", ""))))
                .isEqualTo(new Retention(0, 0));
        assertThatThrownBy(() -> CronSchedule.parse("every day")).isInstanceOf(IllegalArgumentException.class);
    }
}
