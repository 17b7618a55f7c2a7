package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.intake.journal.JournalRecord;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.pipeline.worker.PipelineWorkers;
import org.rampart.pipeline.worker.WriteObserver;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.StoredDocument;
import org.rampart.query.TermMatch;
import org.rampart.store.lucene.LuceneEventStore;

/** The workers between a real journal and a real Lucene store: flow, checkpoint, replay, poison events. */
class JournalPipelineTest {
    private static final String HOST = "testhost";
    private static final JournalOptions JOURNAL = new JournalOptions(64 * 1024, Duration.ZERO);
    private static final List<String> EVENTS = List.of("events-weekly");

    @TempDir
    Path dir;
    private final Clock clock = Clock.systemUTC();
    private final EventIds ids = new EventIds(clock);
    private Journal journal;
    private LuceneEventStore store;
    private PipelineWorkers workers;

    @BeforeEach
    void open() throws Exception {
        journal = Journal.open(dir.resolve("journal"), JOURNAL);
        store = LuceneEventStore.open(dir.resolve("store"), clock);
        workers = startWorkers();
    }

    @AfterEach
    void close() throws Exception {
        workers.drainAndStop(Duration.ofSeconds(10));
        journal.close();
        store.close();
    }

    private PipelineWorkers startWorkers() {
        return startWorkers(PluginChain.load(Extensions.bundled(), new PluginContext(() -> HOST, null, null), Set.of()));
    }

    private PipelineWorkers startWorkers(PluginChain chain) {
        return startWorkers(chain, batch -> {});
    }

    private PipelineWorkers startWorkers(PluginChain chain, WriteObserver observer) {
        EventProcessor processor = new EventProcessor(chain, java.time.ZoneOffset.UTC, HOST);
        JournalEventSource source = new JournalEventSource(journal);
        return PipelineWorkers.start(source, source.start(), processor, store,
                new PipelineWorkers.Settings(2, 50, Duration.ofMillis(100)), observer);
    }

    private List<String> append(String... events) throws Exception {
        List<JournalRecord> records = new ArrayList<>();
        for (String event : events) {
            records.add(new JournalRecord(ids.next(), event.getBytes(StandardCharsets.UTF_8)));
        }
        journal.append(records);
        return records.stream().map(JournalRecord::id).toList();
    }

    private void awaitCheckpointed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.checkpointed() == journal.durablePosition());
        store.refresh();
    }

    private long countMarker(String marker) {
        return store.count(SearchQuery.all().addMust(new TermMatch("details.marker", marker)), EVENTS);
    }

    private ObjectNode stored(String id) {
        return store.get("events-weekly", id).map(StoredDocument::source).orElseThrow();
    }

    @Test
    void eventsFlowIntoTheStoreUnderTheirIntakeIdAndTheJournalIsCheckpointed() throws Exception {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            written.addAll(append("{\"summary\": \"hello " + i + "\", \"details\": {\"marker\": \"flow\"}, \"endpoint\": \"events\"}"));
        }

        awaitCheckpointed();

        assertThat(countMarker("flow")).isEqualTo(300);
        ObjectNode first = stored(written.getFirst());
        assertThat(first.get("summary").asText()).isEqualTo("hello 0");
        assertThat(first.get("mozdefhostname").asText()).isEqualTo(HOST);
        assertThat(first.has("utctimestamp")).isTrue();
        assertThat(journal.unconsumedBytes()).isZero();
    }

    @Test
    void aReplayedTailIsUpsertedSoACrashBetweenCommitAndCheckpointDuplicatesNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            append("{\"summary\": \"once\", \"details\": {\"marker\": \"replay\"}}");
        }
        awaitCheckpointed();
        workers.drainAndStop(Duration.ofSeconds(5));
        journal.close();
        // Fault injection: the store committed, but the checkpoint that followed never reached the disk.
        Files.writeString(dir.resolve("journal/checkpoint"), "0\n");

        journal = Journal.open(dir.resolve("journal"), JOURNAL);
        workers = startWorkers();
        append("{\"summary\": \"after\", \"details\": {\"marker\": \"replay\"}}");
        awaitCheckpointed();

        assertThat(countMarker("replay")).isEqualTo(21);
    }

    @Test
    void poisonEventsAreStoredRawWithAnErrorTagAndTheWorkerGoesOn() throws Exception {
        List<String> poison = append("not json at all", "[1, 2, 3]");
        append("{\"summary\": \"fine\", \"details\": {\"marker\": \"after-poison\"}}");

        awaitCheckpointed();

        for (String id : poison) {
            ObjectNode raw = stored(id);
            assertThat(raw.get("tags").toString()).contains(EventProcessor.ERROR_TAG);
            assertThat(raw.at("/details/raw").asText()).isIn("not json at all", "[1, 2, 3]");
        }
        assertThat(countMarker("after-poison")).isEqualTo(1);
    }

    @Test
    void anEventTheStoreRefusesIsStoredRawUnderItsIntakeIdAndTheRestOfTheBatchGoesIn() throws Exception {
        workers.drainAndStop(Duration.ofSeconds(5));
        EventPlugin longId = new EventPlugin() {
            @Override
            public List<String> registration() {
                return List.of("toolong");
            }

            @Override
            public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
                metadata.id("x".repeat(LuceneEventStore.MAX_ID_LENGTH + 1)); // the store refuses such an id
                return event;
            }
        };
        workers = startWorkers(PluginChain.of(List.of(longId)));

        List<String> written = append("{\"summary\": \"fine\", \"details\": {\"marker\": \"refused\"}}",
                "{\"summary\": \"toolong\", \"details\": {\"marker\": \"refused\"}}",
                "{\"summary\": \"fine too\", \"details\": {\"marker\": \"refused\"}}");
        awaitCheckpointed();

        assertThat(countMarker("refused")).isEqualTo(2);
        ObjectNode raw = stored(written.get(1));
        assertThat(raw.get("tags").toString()).contains(EventProcessor.ERROR_TAG);
        assertThat(raw.at("/details/raw").asText()).contains("toolong");
    }

    @Test
    void customEndpointEventsSkipKeyMappingAndOthersAreNormalized() throws Exception {
        String custom = append("{\"summary\": \"raw\", \"oddkey\": \"kept\", \"endpoint\": \"app\", \"customendpoint\": true}").getFirst();
        String normal = append("{\"summary\": \"mapped\", \"oddkey\": \"dropped\", \"endpoint\": \"events\"}").getFirst();

        awaitCheckpointed();

        assertThat(stored(custom).get("oddkey").asText()).isEqualTo("kept");
        assertThat(stored(normal).has("oddkey")).isFalse();
        assertThat(Json.MAPPER.writeValueAsString(stored(normal))).contains("mapped");
    }

    @Test
    void theBeforeWriteHookChangesWhatIsStoredAndAFailingHookLosesNothing() throws Exception {
        workers.drainAndStop(Duration.ofSeconds(10));
        workers = startWorkers(PluginChain.load(Extensions.bundled(), new PluginContext(() -> HOST, null, null), Set.of()), batch -> {
            for (IndexRequest request : batch) {
                if (request.source().path("summary").asText().equals("boom")) {
                    throw new IllegalStateException("a hook that fails");
                }
                request.source().putArray("alert_names").add("Seen:before-write");
            }
        });

        List<String> tagged = append("{\"summary\": \"one\", \"details\": {\"marker\": \"hook\"}}");
        awaitCheckpointed();
        assertThat(stored(tagged.getFirst()).path("alert_names").toString()).isEqualTo("[\"Seen:before-write\"]");

        List<String> failing = append("{\"summary\": \"boom\", \"details\": {\"marker\": \"hook\"}}");
        awaitCheckpointed();
        assertThat(stored(failing.getFirst()).path("summary").asText()).isEqualTo("boom");
        assertThat(countMarker("hook")).isEqualTo(2);
    }

    @Test
    void theCheckpointWaitsForTheObserversBeforeCommitAndACommitItRefusesIsNotCheckpointed() throws Exception {
        workers.drainAndStop(Duration.ofSeconds(10));
        AtomicReference<PipelineWorkers> started = new AtomicReference<>();
        List<Long> checkpointSeenBeforeCommit = new CopyOnWriteArrayList<>();
        workers = startWorkers(PluginChain.of(List.of()), new WriteObserver() {
            @Override
            public void beforeWrite(List<IndexRequest> batch) {}

            @Override
            public void beforeCommit() {
                checkpointSeenBeforeCommit.add(started.get().checkpointed());
                if (checkpointSeenBeforeCommit.size() == 1) {
                    throw new IllegalStateException("streaming alerts not saved yet");
                }
            }
        });
        started.set(workers);
        long before = workers.checkpointed();

        append("{\"summary\": \"one\", \"details\": {\"marker\": \"commit\"}}");
        awaitCheckpointed();

        // Called before the checkpoint moved, and the refused commit did not move it.
        assertThat(checkpointSeenBeforeCommit.subList(0, 2)).containsExactly(before, before);
        assertThat(workers.checkpointed()).isGreaterThan(before);
        assertThat(countMarker("commit")).isEqualTo(1);
    }
}
