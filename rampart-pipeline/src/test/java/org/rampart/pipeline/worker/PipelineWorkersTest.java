package org.rampart.pipeline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginChain;
import org.rampart.query.EventStore;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.Hit;
import org.rampart.query.IndexRequest;
import org.rampart.query.SearchQuery;
import org.rampart.query.StoreUnavailableException;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * The workers against the real embedded store: a store outage is waited out, however long, and never turns events into
 * raw error events; an event the store refuses for its content is kept raw under its intake id.
 */
class PipelineWorkersTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-23T08:30:00Z");
    private static final PipelineWorkers.Settings SETTINGS = new PipelineWorkers.Settings(2, 5, Duration.ofMillis(200));

    /** Gives events whose summary is "bad id" an id no store takes (longer than {@link IndexRequest#MAX_ID_LENGTH}). */
    private static final EventPlugin BAD_ID = new EventPlugin() {
        @Override
        public List<String> registration() {
            return List.of("*");
        }

        @Override
        public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
            if (event.path("summary").asText().equals("bad id")) {
                metadata.id("x".repeat(IndexRequest.MAX_ID_LENGTH + 1));
            }
            return event;
        }
    };

    @TempDir
    Path dir;
    private LuceneEventStore lucene;

    @BeforeEach
    void open() {
        lucene = LuceneEventStore.open(dir, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        lucene.close();
    }

    @Test
    void aStoreOutageLongerThanTheBatchRetriesIsWaitedOutAndEveryEventIsStoredWithItsFields() throws Exception {
        // Eight refusals: more than the three tries after which a refused batch is split into single events.
        OutageStore store = new OutageStore(lucene, 8);
        ListSource source = new ListSource(events(20, i -> "event " + i));

        PipelineWorkers workers = PipelineWorkers.start(source, 0, processor(), store, SETTINGS);
        workers.drainAndStop(Duration.ofMinutes(2));

        assertThat(store.refusals.get()).as("the outage happened").isEqualTo(8);
        assertThat(workers.unavailableWrites()).isEqualTo(8);
        assertThat(source.checkpointed).isEqualTo(20);
        Map<String, Long> bySummary = storedSummaries();
        assertThat(bySummary).as("every event stored once, with its fields, none raw").hasSize(20)
                .allSatisfy((summary, count) -> assertThat(count).isEqualTo(1));
        assertThat(bySummary.keySet()).allMatch(summary -> summary.startsWith("event "));
    }

    @Test
    void anEventTheStoreRefusesForItsContentIsStoredRawUnderItsIntakeIdAndTheOthersNormally() throws Exception {
        ListSource source = new ListSource(events(6, i -> i == 3 ? "bad id" : "event " + i));

        PipelineWorkers workers = PipelineWorkers.start(source, 0, processor(), lucene, SETTINGS);
        workers.drainAndStop(Duration.ofMinutes(2));

        assertThat(workers.unavailableWrites()).isZero();
        lucene.refresh();
        List<Hit> hits = lucene.search(SearchQuery.all(), List.of("events-*"), 100).hits();
        assertThat(hits).hasSize(6);
        List<Hit> raw = hits.stream().filter(h -> h.source().path("tags").toString().contains(EventProcessor.ERROR_TAG))
                .toList();
        assertThat(raw).hasSize(1);
        assertThat(raw.getFirst().id()).isEqualTo(id(3));
        assertThat(raw.getFirst().source().at("/details/raw").asText()).contains("bad id");
        assertThat(raw.getFirst().source().path("summary").asText()).contains("the store refused it");
    }

    @Test
    void theLuceneStoreCallsAPartitionWhoseFilesAreGoneUnavailableNotARefusalOfTheEvents() throws Exception {
        LuceneEventStore broken = LuceneEventStore.open(dir.resolve("broken"), Clock.systemUTC());
        broken.index(List.of(IndexRequest.append("events", id(1), Json.object().put("summary", "before"))));
        broken.commit();
        String partition = broken.partitions().getFirst().name();
        // The disk under the partition goes away: the next write cannot create its files.
        try (Stream<Path> files = Files.walk(dir.resolve("broken").resolve(partition))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        assertThatThrownBy(() -> broken.index(List.of(IndexRequest.append("events", id(2),
                Json.object().put("summary", "after"))))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("Lucene");
        assertThatThrownBy(broken::commit).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(broken::close).as("its files are gone").isInstanceOf(RuntimeException.class);
    }

    private Map<String, Long> storedSummaries() {
        lucene.refresh();
        return lucene.search(SearchQuery.all(), List.of("events-*"), 100).hits().stream()
                .collect(Collectors.groupingBy(h -> h.source().path("summary").asText(), Collectors.counting()));
    }

    private static EventProcessor processor() {
        return new EventProcessor(PluginChain.of(List.of(BAD_ID)), ZoneOffset.UTC, "host");
    }

    private static String id(int i) {
        return "01JD00000000000000000000%02d".formatted(i);
    }

    private static List<SourceEvent> events(int count, Function<Integer, String> summary) {
        List<SourceEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] json = ("{\"summary\": \"" + summary.apply(i) + "\", \"details\": {\"n\": " + i + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            events.add(new SourceEvent(id(i), RECEIVED, json, false));
        }
        return events;
    }

    /** The real store, unavailable for its first {@code refusals} writes (an engine stopped, then back). */
    private static final class OutageStore extends ForwardingEventStore {
        private final int outage;
        final AtomicInteger refusals = new AtomicInteger();

        OutageStore(EventStore delegate, int outage) {
            super(delegate);
            this.outage = outage;
        }

        @Override
        public void index(List<IndexRequest> batch) {
            if (refusals.get() < outage) {
                refusals.incrementAndGet();
                throw new StoreUnavailableException("connection refused (test outage)");
            }
            super.index(batch);
        }
    }

    /** A journal stand-in: the events in order, positions 1 to n, and the last checkpoint. */
    private static final class ListSource implements EventSource {
        private final List<SourceEvent> events;
        private int next;
        volatile long checkpointed;

        ListSource(List<SourceEvent> events) {
            this.events = events;
        }

        @Override
        public synchronized SourceBatch next(int maxEvents, Duration wait) {
            int end = Math.min(events.size(), next + maxEvents);
            SourceBatch batch = new SourceBatch(end, List.copyOf(events.subList(next, end)));
            next = end;
            return batch;
        }

        @Override
        public void checkpoint(long position) {
            checkpointed = position;
        }
    }
}
