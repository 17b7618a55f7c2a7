package org.rampart.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertPreprocessor;
import org.rampart.alerts.AlertWriter;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.store.lucene.LuceneEventStore;

/** Streaming alerts: matched and tagged on the ingest thread, saved off it, counted, nothing raised left unsaved. */
class StreamingAlertsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String CLASSNAME = "AlertGenericLoader:ssh_failure";

    @TempDir
    Path dir;
    private LuceneEventStore store;
    private StreamingRules rules;
    private StreamingAlerts alerts;

    @BeforeEach
    void open() throws Exception {
        store = LuceneEventStore.open(dir.resolve("store"), CLOCK);
        Path rule = Files.writeString(Files.createDirectories(dir.resolve("rules")).resolve("ssh_failure.json"),
                GenericRulesTest.RULE.replace("num_aggregations: 2,", "num_aggregations: 1,")
                        .replace("num_samples: 2,", "streaming: true, num_samples: 1,"));
        rules = new StreamingRules(List.of(GenericAlertRule.read(rule)), CLOCK);
    }

    @AfterEach
    void close() throws Exception {
        if (alerts != null) {
            alerts.close();
        }
        store.close();
    }

    private StreamingAlerts start(EventStore on, AlertPreprocessor plugins) {
        alerts = new StreamingAlerts(rules, new AlertWriter(AlertEnvironment.builder(on, CLOCK).preprocessor(plugins).build()), 16);
        return alerts;
    }

    private static IndexRequest failedLogin(String id) {
        return IndexRequest.append("events", id, GenericRulesTest.event("Failed password for root", "10.1.1.1", "root", "web1", 0));
    }

    private long alertsStored() {
        return store.count(SearchQuery.all().addMust(new TermMatch("classname", CLASSNAME)), List.of("alerts"));
    }

    @Test
    void theIngestThreadTagsTheEventAndGoesOnWhileASlowAlertPluginRunsElsewhere() throws Exception {
        CountDownLatch pluginEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(store, alert -> {
            pluginEntered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return alert.put("enriched", true);
        });
        IndexRequest event = failedLogin("e1");

        alerts.beforeWrite(List.of(event, IndexRequest.append("events", "e2", GenericRulesTest.event(
                "Accepted password for root", "10.1.1.1", "root", "web1", 0))));
        pluginEntered.await();

        // Returned while the plugin is still blocked: the event is tagged with the alert it will be saved as.
        ObjectNode source = event.source();
        assertThat(source.path("alert_names").toString()).isEqualTo("[\"" + CLASSNAME + "\"]");
        String id = source.at("/alerts/0/id").asText();
        assertThat(source.at("/alerts/0/index").asText()).isEqualTo("alerts-202611");
        assertThat(alerts.stats()).isEqualTo(new StreamingAlerts.Stats(1, 0, 0, 0, 1));

        release.countDown();
        alerts.awaitSaved();
        assertThat(alerts.stats()).isEqualTo(new StreamingAlerts.Stats(1, 1, 0, 0, 0));
        // Searchable once awaitSaved returns: the saver refreshed the alerts index.
        assertThat(store.get("alerts", id)).hasValueSatisfying(a ->
                assertThat(a.source().path("enriched").asBoolean()).isTrue());
    }

    @Test
    void aReplayedEventRaisesTheSameAlertWhichIsSavedOverItself() throws Exception {
        start(store, AlertPreprocessor.NONE);
        IndexRequest first = failedLogin("journal-7");
        IndexRequest replayed = failedLogin("journal-7");

        alerts.beforeWrite(List.of(first));
        alerts.beforeWrite(List.of(replayed));
        alerts.awaitSaved();

        assertThat(replayed.source().at("/alerts/0/id")).isEqualTo(first.source().at("/alerts/0/id"));
        assertThat(alertsStored()).isEqualTo(1);
        assertThat(alerts.stats().saved()).isEqualTo(2);
    }

    @Test
    void anAlertAPluginDropsIsCountedAndItsEventKeepsTheReference() throws Exception {
        start(store, alert -> null);
        IndexRequest event = failedLogin("e1");

        alerts.beforeWrite(List.of(event));
        alerts.awaitSaved();

        assertThat(alerts.stats()).isEqualTo(new StreamingAlerts.Stats(1, 0, 1, 0, 0));
        assertThat(event.source().path("alert_names").size()).isEqualTo(1);
        assertThat(alertsStored()).isZero();
    }

    @Test
    void aStoreThatKeepsRefusingTheAlertIsCountedAsFailedAndDoesNotBlockTheCommit() throws Exception {
        EventStore refusing = new ForwardingEventStore(store) {
            @Override
            public String saveObject(String index, String id, ObjectNode body) {
                throw new IllegalStateException("disk full");
            }
        };
        start(refusing, AlertPreprocessor.NONE);

        alerts.beforeWrite(List.of(failedLogin("e1")));
        alerts.awaitSaved();

        assertThat(alerts.stats()).isEqualTo(new StreamingAlerts.Stats(1, 0, 0, 1, 0));
    }

    @Test
    void awaitSavedWaitsForAlertsRaisedBeforeItOnly() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(store, alert -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return alert;
        });
        alerts.beforeWrite(List.of(failedLogin("e1")));
        ExecutorService committer = Executors.newSingleThreadExecutor();
        try {
            Future<?> commit = committer.submit(() -> {
                alerts.awaitSaved();
                return null;
            });
            assertThat(commit.isDone()).as("waiting for the blocked plugin").isFalse();
            release.countDown();
            commit.get();
            assertThat(alertsStored()).isEqualTo(1);
        } finally {
            committer.shutdownNow();
        }
    }
}
