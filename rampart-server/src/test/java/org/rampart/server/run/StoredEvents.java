package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.query.Bucket;
import org.rampart.query.EventStore;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.query.TermMatch;
import org.rampart.query.TermsAggregation;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * The verdict of a fault test, read from the store of a stopped server: every acknowledged event stored exactly once,
 * nothing stored that was not sent. Prints one {@code RELIABILITY ...} line per fault and appends it to
 * {@code target/reliability.txt}, the figures of docs/reliability.md.
 */
public final class StoredEvents {
    private static final Path REPORT = Path.of("target", "reliability.txt");

    private StoredEvents() {}

    /**
     * Opens the Lucene store under {@code data} (the server must be stopped), counts each round's markers, reports
     * {@code fault} under load {@code load}, and asserts nothing acknowledged was lost and nothing stored twice.
     */
    public static void verify(Path data, String fault, String load, List<EventLoad> rounds) throws IOException {
        try (LuceneEventStore store = LuceneEventStore.open(DataLayout.under(data).store(), Clock.systemUTC())) {
            verify(store, fault, load, rounds, data);
        }
    }

    /** As {@link #verify(Path, String, String, List)}, in {@code store} (any backend, refreshed by this call). */
    public static void verify(EventStore store, String fault, String load, List<EventLoad> rounds) throws IOException {
        verify(store, fault, load, rounds, null);
    }

    /** With {@code data}, the stopped server's data folder, a failure also says where in its journal the lost events are. */
    private static void verify(EventStore store, String fault, String load, List<EventLoad> rounds, Path data)
            throws IOException {
        int acked = 0;
        int found = 0;
        int duplicates = 0;
        store.refresh();
        for (EventLoad round : rounds) {
            Map<String, Long> stored = countByMarker(store, round.round);
            acked += round.acked.size();
            found += (int) round.acked.stream().filter(stored::containsKey).count();
            duplicates += (int) stored.values().stream().filter(count -> count > 1).count();
            assertThat(round.sent).as(round.round + ": nothing stored that was not sent").containsAll(stored.keySet());
        }
        report(fault, load, acked, found, 0, duplicates);
        assertThat(acked).as(fault + ": events acknowledged").isPositive();
        String where = acked != found && data != null ? "; " + whereTheLostAre(store, data, rounds) : "";
        assertThat(acked - found).as(fault + ": acknowledged events lost" + where).isZero();
        assertThat(duplicates).as(fault + ": events stored more than once").isZero();
    }

    /**
     * Where the acknowledged events missing from the store are: still in the journal after its checkpoint (the store
     * never got them: a stop that did not drain), in the journal before it (checkpointed past, so the store lost them),
     * or nowhere (the journal lost them); with a few markers of each, so a failure in CI explains itself.
     */
    private static String whereTheLostAre(EventStore store, Path data, List<EventLoad> rounds) throws IOException {
        Set<String> missing = new TreeSet<>();
        for (EventLoad round : rounds) {
            Map<String, Long> stored = countByMarker(store, round.round);
            round.acked.stream().filter(marker -> !stored.containsKey(marker)).forEach(missing::add);
        }
        Set<String> afterCheckpoint = new TreeSet<>();
        long checkpoint;
        try (Journal journal = Journal.open(DataLayout.under(data).journal(), new JournalOptions(1 << 20, Duration.ZERO))) {
            checkpoint = journal.checkpointPosition();
            for (long at = checkpoint; ; ) {
                JournalBatch batch = journal.read(at, 1000, Duration.ZERO);
                if (batch.next() == at) {
                    break;
                }
                for (JournalEntry entry : batch.entries()) {
                    String marker = Json.MAPPER.readTree(entry.payload()).path("details").path("marker").asText();
                    if (missing.contains(marker)) {
                        afterCheckpoint.add(marker);
                    }
                }
                at = batch.next();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> partitions = eventPartitions(store);
        long raw = partitions.isEmpty() ? 0 : store.count(SearchQuery.all().addMust(new TermMatch("tags",
                EventProcessor.ERROR_TAG)), partitions);
        Set<String> elsewhere = new TreeSet<>(missing);
        elsewhere.removeAll(afterCheckpoint);
        return ("%d still in the journal after its checkpoint %d (not replayed) %s, %d not there (checkpointed past or never "
                + "journaled) %s; %d events stored raw as pipeline errors").formatted(afterCheckpoint.size(), checkpoint,
                first(afterCheckpoint), elsewhere.size(), first(elsewhere), raw);
    }

    private static List<String> first(Set<String> markers) {
        return markers.stream().limit(10).toList();
    }

    /** The stored events of {@code round} (at most 10,000) by marker, from the stopped server's store under {@code data}. */
    static Map<String, Hit> events(Path data, String round) throws IOException {
        try (LuceneEventStore store = LuceneEventStore.open(DataLayout.under(data).store(), Clock.systemUTC())) {
            Map<String, Hit> byMarker = new HashMap<>();
            for (Hit hit : store.search(SearchQuery.all().addMust(new TermMatch("details.round", round)), eventPartitions(store),
                    SearchQuery.MAX_SIZE).hits()) {
                byMarker.put(hit.source().path("details").path("marker").asText(), hit);
            }
            return byMarker;
        }
    }

    private static List<String> eventPartitions(EventStore store) {
        return store.partitions().stream().map(StorePartition::name).filter(n -> n.startsWith("events-")).toList();
    }

    /**
     * Prints the {@code RELIABILITY ...} line of a fault and appends it to {@code target/reliability.txt}; lost is what
     * was acknowledged and is neither found nor kept in the journal's quarantine folder.
     */
    public static void report(String fault, String load, int acked, int found, int quarantined, int duplicates) throws IOException {
        String line = "RELIABILITY fault=\"%s\" load=\"%s\" acked=%d found=%d%s lost=%d duplicates=%d".formatted(fault, load,
                acked, found, quarantined > 0 ? " quarantined=" + quarantined : "", acked - found - quarantined, duplicates);
        System.out.println(line);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** How many times each marker of {@code round} is stored in the stopped server's store under {@code data}. */
    public static Map<String, Long> countByMarker(Path data, String round) throws IOException {
        try (LuceneEventStore store = LuceneEventStore.open(DataLayout.under(data).store(), Clock.systemUTC())) {
            return countByMarker(store, round);
        }
    }

    private static Map<String, Long> countByMarker(EventStore store, String round) {
        // Every event partition, whatever day the events carry.
        return countByMarker(store, round, eventPartitions(store));
    }

    private static Map<String, Long> countByMarker(EventStore store, String round, List<String> partitions) {
        SearchQuery query = SearchQuery.all().addMust(new TermMatch("details.round", round))
                .addAggregation(new TermsAggregation("details.marker", TermsAggregation.MAX_SIZE));
        Map<String, Long> counts = new HashMap<>();
        if (partitions.isEmpty()) {
            return counts;
        }
        for (Bucket bucket : store.aggregate(query, partitions, 0).aggregations().get("details.marker")) {
            counts.put(String.valueOf(bucket.key()), bucket.count());
        }
        return counts;
    }
}
