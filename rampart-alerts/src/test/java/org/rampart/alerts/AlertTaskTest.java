package org.rampart.alerts;

import org.rampart.event.PythonText;
import org.rampart.event.Timestamps;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.StoredDocument;
import org.rampart.query.TermMatch;
import org.rampart.store.lucene.LuceneEventStore;

/** The engine on a real Lucene store: grouping, tagging, dedup, sinks, plugins, dry run, suppression. */
class AlertTaskTest {
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private LuceneEventStore store;

    @BeforeEach
    void open(@TempDir Path dir) {
        store = LuceneEventStore.open(dir, clock);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    /** Groups category=test events by details.ip; samples 2, threshold 2. */
    static class ByIp extends AlertTask {
        final List<Aggregation> seen = new ArrayList<>();

        @Override
        protected void main() {
            SearchQuery query = SearchQuery.minutes(10);
            query.addMust(new TermMatch("category", "test"));
            filtersManual(query);
            searchEventsAggregated("details.ip", 2);
            walkAggregations(2);
        }

        @Override
        protected ObjectNode onAggregation(Aggregation aggregation) {
            seen.add(aggregation);
            return createAlertDict(aggregation.count() + " from " + aggregation.value(), "test", List.of("t"),
                    aggregation.events(), "WARNING");
        }
    }

    /** One alert per category=test event. */
    static class PerEvent extends AlertTask {
        @Override
        protected void main() {
            SearchQuery query = SearchQuery.minutes(10);
            query.addMust(new TermMatch("category", "test"));
            filtersManual(query);
            searchEventsSimple();
            walkEvents();
        }

        @Override
        protected ObjectNode onEvent(ObjectNode event) {
            return createAlertDict("seen " + text(event.path("_source"), "details.ip", "?"), "test", List.of(), List.of(event));
        }
    }

    private void events(String... ips) {
        List<IndexRequest> batch = new ArrayList<>();
        for (String ip : ips) {
            ObjectNode event = Json.object().put("category", "test")
                    .put("utctimestamp", Timestamps.isoformat(NOW.minusSeconds(60)))
                    .put("receivedtimestamp", Timestamps.isoformat(NOW.minusSeconds(60)));
            event.putObject("details").put("ip", ip);
            batch.add(IndexRequest.append("events", null, event));
        }
        store.index(batch);
        store.refresh();
    }

    private AlertEnvironment.Builder environment() {
        return AlertEnvironment.builder(store, clock).config(new AlertConfig(null, key -> null));
    }

    @Test
    void groupsAreBiggestFirstWithTiesInFirstSeenOrderAndSamplesLimited() {
        events("b", "a", "a", "b", "c", "a", "c");
        ByIp alert = new ByIp();
        List<StoredDocument> alerts = alert.run(environment().build());

        assertThat(alert.seen).extracting(Aggregation::value).containsExactly("a", "b", "c");
        assertThat(alert.seen).extracting(Aggregation::count).containsExactly(3, 2, 2);
        assertThat(alert.seen.get(0).events()).hasSize(2);
        assertThat(alert.seen.get(0).allevents()).hasSize(3);
        assertThat(alerts).extracting(a -> a.source().path("summary").asText()).containsExactly("3 from a", "2 from b", "2 from c");
    }

    @Test
    void everyEventOfAGroupIsTaggedSoASecondRunStaysQuiet() {
        events("a", "a", "a");
        List<StoredDocument> first = new ByIp().run(environment().build());
        assertThat(first).hasSize(1);
        StoredDocument alert = first.get(0);
        assertThat(alert.index()).isEqualTo("alerts-202603");
        assertThat(alert.source().path("events")).hasSize(2);
        assertThat(alert.source().path("notify_mozdefbot").asBoolean()).isTrue();
        assertThat(store.get("alerts", alert.id())).isPresent();

        var tagged = store.search(withCategory(), List.of("events"), 10).hits();
        assertThat(tagged).hasSize(3).allSatisfy(hit -> {
            assertThat(hit.source().path("alert_names").toString()).isEqualTo("[\"ByIp\"]");
            assertThat(hit.source().path("alerts").get(0).path("id").asText()).isEqualTo(alert.id());
            assertThat(hit.source().path("alerts").get(0).path("index").asText()).isEqualTo("alerts-202603");
        });
        assertThat(new ByIp().run(environment().build())).isEmpty();
    }

    private static SearchQuery withCategory() {
        SearchQuery query = SearchQuery.minutes(10);
        query.addMust(new TermMatch("category", "test"));
        return query;
    }

    @Test
    void sinksGetMozDefsMessageAndPluginsCanChangeOrDrop() {
        events("x", "y");
        List<ObjectNode> messages = new ArrayList<>();
        AlertEnvironment env = environment()
                .sink(saved -> messages.add(AlertSink.message(saved)))
                .preprocessor(alert -> alert.path("summary").asText().endsWith("y") ? null
                        : alert.put("summary", alert.path("summary").asText() + " (enriched)"))
                .build();
        List<StoredDocument> alerts = new PerEvent().run(env);

        assertThat(alerts).extracting(a -> a.source().path("summary").asText()).containsExactly("seen x (enriched)");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("_id").asText()).isEqualTo(alerts.get(0).id());
        assertThat(messages.get(0).path("_index").asText()).isEqualTo("alerts-202603");
        assertThat(messages.get(0).path("_source").path("notify_mozdefbot").asBoolean()).isFalse();
    }

    @Test
    void dryRunSavesAndTagsNothing() {
        events("x");
        AlertEnvironment dry = environment().dryRun(true).build();
        List<StoredDocument> alerts = new PerEvent().run(dry);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).id()).isNull();
        assertThat(new PerEvent().run(dry)).as("a second dry run skips what the first fired on").isEmpty();
        assertThat(new PerEvent().run(environment().build())).as("the store was not tagged").hasSize(1);
    }

    @Test
    void suppressionSkipsARepeatWithinTheWindowButConsumesItsEvents() {
        AlertEnvironment env = environment().suppression(Map.of("PerEvent", Duration.ofMinutes(30))).build();
        events("x");
        assertThat(new PerEvent().run(env)).hasSize(1);
        events("x");
        assertThat(new PerEvent().run(env)).isEmpty();
        assertThat(store.search(withCategory(), List.of("events"), 10).hits())
                .allSatisfy(hit -> assertThat(hit.source().path("alert_names").toString()).isEqualTo("[\"PerEvent\"]"));
        events("z");
        assertThat(new PerEvent().run(env)).extracting(a -> a.source().path("summary").asText()).containsExactly("seen z");
    }

    /** A deadman alert over the alerts index: fires when no alert of category test exists. */
    static class NoTestAlerts extends DeadmanAlertTask {
        @Override
        protected void main() {
            setEventIndices(List.of("alerts"));
            SearchQuery query = SearchQuery.minutes(10);
            query.addMust(new TermMatch("category", "test"));
            filtersManual(query);
            searchEventsSimple();
            walkEvents();
        }

        @Override
        protected ObjectNode onNoEvent() {
            return createAlertDict("no test alerts", "deadman", List.of("deadman"), List.of(), "ERROR");
        }
    }

    @Test
    void deadmanAlertsCanWatchTheAlertsIndexAndSkipPlugins() {
        AlertEnvironment env = environment().preprocessor(alert -> null).build();
        List<StoredDocument> fired = new NoTestAlerts().run(env);
        assertThat(fired).extracting(a -> a.source().path("summary").asText()).containsExactly("no test alerts");
        assertThat(fired.get(0).source().path("events")).isEmpty();

        events("x");
        assertThat(new PerEvent().run(environment().build())).hasSize(1);
        assertThat(new NoTestAlerts().run(env)).isEmpty();
    }

    @Test
    void helpersBehaveAsMozDefs() {
        ObjectNode a = Json.object();
        a.putObject("_source").put("hostname", "h1");
        ObjectNode b = a.deepCopy();
        ObjectNode c = Json.object();
        c.putObject("_source").put("hostname", "h2");
        assertThat(AlertTask.mostCommon(List.of(c, a, b), "_source.hostname"))
                .extracting(Map.Entry::getKey).containsExactly("h1", "h2");
        assertThat(PythonText.str(Json.MAPPER.getNodeFactory().booleanNode(true))).isEqualTo("True");
        assertThat(Timestamps.isoformat(Instant.parse("2017-01-01T00:44:00Z"))).isEqualTo("2017-01-01T00:44:00+00:00");
        assertThat(Timestamps.isoformat(Instant.parse("2017-01-01T00:44:00.5Z"))).isEqualTo("2017-01-01T00:44:00.500000+00:00");
    }

    /** Uses add_hostname_to_ip on the event's IP. */
    static class Rdns extends PerEvent {
        boolean internalOnly = true;

        @Override
        protected ObjectNode onEvent(ObjectNode event) {
            String ip = text(event.path("_source"), "details.ip", "?");
            return createAlertDict(addHostnameToIp(ip, "{0} ({1})", internalOnly), "test", List.of(), List.of(event));
        }
    }

    @Test
    void reverseDnsOnlyForPrivateAddressesUnlessAskedOtherwise() {
        events("10.1.2.3", "8.8.8.8", "not-an-ip");
        AlertEnvironment.Builder env = environment().reverseDns(ip -> "host-" + ip).dryRun(true);
        assertThat(new Rdns().run(env.build())).extracting(a -> a.source().path("summary").asText())
                .containsExactlyInAnyOrder("10.1.2.3 (host-10.1.2.3)", "8.8.8.8", "not-an-ip");
        Rdns all = new Rdns();
        all.internalOnly = false;
        assertThat(all.run(env.build())).extracting(a -> a.source().path("summary").asText())
                .contains("8.8.8.8 (host-8.8.8.8)");
    }

    @Test
    void theWriterSavesAnAlertBuiltOutsideAnAlertTask() {
        events("r");
        ObjectNode hit = store.search(withCategory(), List.of("events"), 10).hits().get(0).toJson();
        ObjectNode alert = Json.object().put("summary", "streamed").put("severity", "NOTICE").put("classname", "Rule:one");
        List<ObjectNode> messages = new ArrayList<>();
        StoredDocument saved = new AlertWriter(environment().sink(s -> messages.add(AlertSink.message(s))).build())
                .save(alert, List.of(hit), true).orElseThrow();

        assertThat(saved.source().path("notify_mozdefbot").asBoolean()).isFalse();
        assertThat(messages).hasSize(1);
        assertThat(store.get(hit.path("_index").asText(), hit.path("_id").asText()).orElseThrow().source()
                .path("alert_names").toString()).isEqualTo("[\"Rule:one\"]");
    }

    @Test
    void anAlertOnAnEventNotYetStoredTagsItInPlaceAndIsSavedOnceEvenWhenTheEventIsReplayed() {
        ObjectNode source = Json.object().put("category", "test").put("summary", "about to be stored");
        ObjectNode hit = Json.object().put("_index", "events").put("_id", "journal-42");
        hit.set("_source", source);
        AlertWriter writer = new AlertWriter(environment().build());

        StoredDocument first = writer.saveRaised(writer.raise(alertOf("Rule:one"), hit)).orElseThrow();
        assertThat(source.path("alert_names").toString()).isEqualTo("[\"Rule:one\"]");
        assertThat(source.at("/alerts/0/id").asText()).isEqualTo(first.id());
        assertThat(store.get("events", "journal-42")).as("the caller stores the event").isEmpty();

        // A crash before the checkpoint replays the raw event: the same alert again, saved over the first.
        ObjectNode replayed = Json.object().put("_index", "events").put("_id", "journal-42");
        replayed.set("_source", Json.object().put("category", "test"));
        StoredDocument again = writer.saveRaised(writer.raise(alertOf("Rule:one"), replayed)).orElseThrow();
        ObjectNode other = Json.object().put("_index", "events").put("_id", "journal-43");
        other.set("_source", Json.object());
        StoredDocument second = writer.saveRaised(writer.raise(alertOf("Rule:one"), other)).orElseThrow();
        writer.refreshAlerts();

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(store.count(SearchQuery.all(), List.of("alerts"))).isEqualTo(2);
    }

    private static ObjectNode alertOf(String classname) {
        return Json.object().put("summary", "streamed").put("severity", "NOTICE").put("classname", classname);
    }

    @Test
    void theWindowFollowsTheAlertsClockNotTheStores(@TempDir Path other) throws Exception {
        try (LuceneEventStore laterStore = LuceneEventStore.open(other, Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC))) {
            ObjectNode event = Json.object().put("category", "test")
                    .put("utctimestamp", Timestamps.isoformat(NOW.minusSeconds(60)))
                    .put("receivedtimestamp", Timestamps.isoformat(NOW.minusSeconds(60)));
            event.putObject("details").put("ip", "q");
            laterStore.index(List.of(IndexRequest.append("events", null, event)));
            laterStore.refresh();
            AlertEnvironment env = AlertEnvironment.builder(laterStore, clock).config(new AlertConfig(null, key -> null)).build();
            assertThat(new PerEvent().run(env)).hasSize(1);
        }
    }
}
