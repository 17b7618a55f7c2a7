package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.FaultyFiles;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalBatch;
import org.rampart.intake.journal.JournalEntry;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.intake.journal.JournalRecord;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.worker.EventProcessor;
import org.rampart.pipeline.worker.PipelineWorkers;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.event.extension.Extensions;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * A damaged journal through the real workers into a real Lucene store: of the acknowledged events, exactly the damaged
 * one is missing from the store (kept in the journal's quarantine folder and reported), and no other is lost or stored
 * twice. A failed fsync acknowledges nothing past it and loses nothing acknowledged before it.
 */
class CorruptJournalToStoreTest {
    private static final JournalOptions SMALL_SEGMENTS = new JournalOptions(4096, Duration.ZERO);
    private static final List<String> EVENTS = List.of("events-weekly");
    private static final int ACKNOWLEDGED = 120;

    @TempDir
    Path dir;
    private final Clock clock = Clock.systemUTC();
    private final EventIds ids = new EventIds(clock);
    private Journal journal;
    private LuceneEventStore store;
    private PipelineWorkers workers;

    @AfterEach
    void close() throws Exception {
        if (workers != null) {
            workers.drainAndStop(Duration.ofSeconds(10));
        }
        if (journal != null) {
            journal.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private Path journalDir() {
        return dir.resolve("journal");
    }

    private void startWorkers() {
        if (store == null) {
            store = LuceneEventStore.open(dir.resolve("store"), clock);
        }
        EventProcessor processor = new EventProcessor(
                PluginChain.load(Extensions.bundled(), new PluginContext(() -> "testhost", null, null), Set.of()), ZoneOffset.UTC, "testhost");
        JournalEventSource source = new JournalEventSource(journal);
        workers = PipelineWorkers.start(source, source.start(), processor, store,
                new PipelineWorkers.Settings(2, 50, Duration.ofMillis(100)));
    }

    /** Appends one event, acknowledged when this returns, and gives its id. */
    private String append(int n) throws IOException {
        JournalRecord record = record(n);
        journal.append(List.of(record));
        return record.id();
    }

    private JournalRecord record(int n) {
        String event = "{\"summary\": \"event " + n + "\", \"details\": {\"marker\": \"damage\", \"padding\": \""
                + "x".repeat(100) + "\"}}";
        return new JournalRecord(ids.next(), event.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends events while nothing consumes them, closes the journal, and gives them back as read, with positions. */
    private List<JournalEntry> acknowledgedAndUnconsumed() throws Exception {
        journal = Journal.open(journalDir(), SMALL_SEGMENTS);
        for (int i = 0; i < ACKNOWLEDGED; i++) {
            append(i);
        }
        List<JournalEntry> entries = new ArrayList<>();
        long at = 0;
        for (JournalBatch batch; (batch = journal.read(at, 100, Duration.ZERO)).next() != at; at = batch.next()) {
            entries.addAll(batch.entries());
        }
        journal.close();
        journal = null;
        return entries;
    }

    /** Opens the journal, runs the workers until one more event is in, and gives those of {@code candidates} stored. */
    private List<String> storedAfterRestart(List<String> candidates) throws Exception {
        journal = Journal.open(journalDir(), SMALL_SEGMENTS);
        startWorkers();
        String after = append(ACKNOWLEDGED);
        await().atMost(Duration.ofSeconds(30)).until(() -> workers.checkpointed() == journal.durablePosition());
        store.refresh();
        assertThat(stored(after)).isTrue();
        List<String> found = candidates.stream().filter(this::stored).toList();
        // Each stored once, and nothing else stored: the marker count holds these and the extra event.
        assertThat(store.count(SearchQuery.all().addMust(new TermMatch("details.marker", "damage")), EVENTS))
                .isEqualTo(found.size() + 1);
        return found;
    }

    private boolean stored(String id) {
        return store.get("events-weekly", id).isPresent();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(journalDir())) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static long baseOf(Path segment) {
        return Long.parseLong(segment.getFileName().toString().replace(".seg", ""));
    }

    private List<JournalEntry> in(List<JournalEntry> entries, Path segment) throws IOException {
        long base = baseOf(segment);
        List<Path> files = segmentFiles();
        int index = files.indexOf(segment);
        long end = index + 1 < files.size() ? baseOf(files.get(index + 1)) : Long.MAX_VALUE;
        return entries.stream().filter(e -> e.position() >= base && e.position() < end).toList();
    }

    private void overwrite(Path segment, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position - baseOf(segment));
        }
    }

    private List<Path> quarantined(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(journalDir().resolve("quarantine"))) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }

    private static int found(List<String> stored, List<String> acknowledged) {
        return (int) stored.stream().distinct().filter(acknowledged::contains).count();
    }

    @ParameterizedTest(name = "{2} in the {1} record of the {0} segment")
    @CsvSource({
        "older,   first,  flipped bit",
        "older,   middle, flipped bit",
        "older,   last,   flipped bit",
        "current, first,  flipped bit",
        "current, middle, flipped bit",
        "current, last,   flipped bit",
        "older,   middle, corrupt length",
        "current, middle, corrupt length",
        "older,   last,   truncation",
        "current, last,   truncation"})
    void everyAcknowledgedEventButTheDamagedOneIsStoredAndTheDamagedOneIsReported(String segment, String record,
            String damage) throws Exception {
        List<JournalEntry> written = acknowledgedAndUnconsumed();
        List<Path> files = segmentFiles();
        assertThat(files).hasSizeGreaterThan(3);
        Path file = segment.equals("older") ? files.get(1) : files.getLast();
        List<JournalEntry> candidates = in(written, file);
        JournalEntry bad = switch (record) {
            case "first" -> candidates.getFirst();
            case "middle" -> candidates.get(candidates.size() / 2);
            default -> candidates.getLast();
        };
        switch (damage) {
            case "flipped bit" -> overwrite(file, bad.next() - 3, new byte[] {'#'});
            case "corrupt length" -> overwrite(file, bad.position(), ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
            default -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(channel.size() - 7);
                }
            }
        }
        List<String> acknowledged = written.stream().map(JournalEntry::id).toList();

        List<String> stored = storedAfterRestart(acknowledged);

        List<String> expected = acknowledged.stream().filter(id -> !id.equals(bad.id())).toList();
        StoredEvents.report("journal corruption: " + damage + " in the " + record + " record of the " + segment + " segment",
                ACKNOWLEDGED + " events appended one by one", acknowledged.size(), found(stored, acknowledged), 1,
                stored.size() - (int) stored.stream().distinct().count());
        assertThat(stored).containsExactlyElementsOf(expected);
        // A cut at the end of the current segment is a torn tail (a crash leaves those): kept, not counted.
        boolean torn = damage.equals("truncation") && segment.equals("current");
        assertThat(quarantined(torn ? ".torn" : ".corrupt")).hasSize(1);
        assertThat(journal.health().quarantinedRecords()).isEqualTo(torn ? 0 : 1);
    }

    @Test
    void aFailedFsyncAcknowledgesNothingPastItAndLosesNothingAcknowledgedBeforeIt() throws Exception {
        FaultyFiles files = new FaultyFiles();
        journal = files.open(journalDir(), SMALL_SEGMENTS);
        startWorkers();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            acknowledged.add(append(i));
        }
        files.failNextForces(1);
        JournalRecord failed = record(30);
        JournalRecord refused = record(31);
        assertThatThrownBy(() -> journal.append(List.of(failed))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> journal.append(List.of(refused))).hasMessageContaining("refuses appends");
        await().atMost(Duration.ofSeconds(30)).until(() -> workers.checkpointed() == journal.durablePosition());
        workers.drainAndStop(Duration.ofSeconds(10));
        journal.close();

        List<String> candidates = new ArrayList<>(acknowledged);
        candidates.addAll(List.of(failed.id(), refused.id()));
        List<String> stored = storedAfterRestart(candidates);

        // The failed one reached the file before its fsync failed, so the restart replays it: its client got a 503
        // and may resend it (a duplicate under a new id), which beats losing it if it was on disk after all.
        StoredEvents.report("fsync failure (EIO once, then appends refused)", "30 events appended one by one",
                acknowledged.size(), found(stored, acknowledged), 0, stored.size() - (int) stored.stream().distinct().count());
        assertThat(stored).containsSubsequence(acknowledged).doesNotContain(refused.id());
        assertThat(stored.size()).isBetween(acknowledged.size(), acknowledged.size() + 1);
    }
}
