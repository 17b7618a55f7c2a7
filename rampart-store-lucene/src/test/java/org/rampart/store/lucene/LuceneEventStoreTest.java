package org.rampart.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.query.IndexRequest;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.StorePartition;
import org.rampart.query.TermMatch;
import org.rampart.query.contract.MutableClock;

/** What the embedded store does beyond the contract: folders, pruning, reopening, concurrent writers. */
class LuceneEventStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String TODAY_PARTITION = "events-20261123";
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private LuceneEventStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static ObjectNode received(Instant when, String category) {
        ObjectNode e = Json.object();
        e.put("category", category);
        e.put("receivedtimestamp", when.toString());
        e.put("utctimestamp", when.toString());
        return e;
    }

    private List<String> names() {
        return store.partitions().stream().map(StorePartition::name).toList();
    }

    private void fill() {
        store = LuceneEventStore.open(dir, clock);
        store.index(List.of(
                IndexRequest.append("events", "today", received(NOW, "a")),
                IndexRequest.append("events", "yesterday", received(NOW.minus(Duration.ofDays(1)), "b")),
                IndexRequest.append("localities", "loc", received(NOW, "c"))));
        store.saveAlert("alert", received(NOW, "d"));
        store.refresh();
    }

    @Test
    void eachPartitionIsAFolder() {
        fill();
        assertThat(names())
                .containsExactly("alerts-202611", "events-20261122", "events-20261123", "localities");
        for (String partition : names()) {
            assertThat(dir.resolve(partition)).isDirectory();
        }
    }

    @Test
    void foldersAndFilesAreTheOwnersAlone() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path root = dir.resolve("data/store");
        store = LuceneEventStore.open(root, clock);
        store.index(List.of(IndexRequest.append("events", "today", received(NOW, "a"))));
        store.saveAlert("alert", received(NOW, "d"));
        store.commit();

        List<Path> created;
        try (Stream<Path> walk = Files.walk(dir.resolve("data"))) {
            created = walk.toList();
        }
        assertThat(created).filteredOn(Files::isRegularFile).hasSizeGreaterThan(4)
                .allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------"));
        assertThat(created).filteredOn(Files::isDirectory).hasSizeGreaterThan(2)
                .allSatisfy(d -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString())
                        .isEqualTo("rwx------"));
    }

    @Test
    void eventsWithoutAPlausibleReceivedTimestampLandOnTheClocksDay() {
        store = LuceneEventStore.open(dir, clock);
        store.index(List.of(IndexRequest.append("events", "x", Json.object().put("category", "bare")),
                IndexRequest.append("events", "y", received(NOW.plus(Duration.ofDays(30)), "future")),
                IndexRequest.append("events", "z", Json.object().put("receivedtimestamp", "garbage"))));
        assertThat(names()).containsExactly("events-20261123");
    }

    @Test
    void pruningADayDeletesItsFolderAndItsEvents() {
        fill();
        assertThat(store.prune("events-20261122")).isTrue();
        assertThat(dir.resolve("events-20261122")).doesNotExist();
        assertThat(names()).doesNotContain("events-20261122");
        assertThat(store.count(SearchQuery.all(), List.of("events-previous"))).isZero();
        assertThat(store.count(SearchQuery.all(), List.of("events"))).isEqualTo(1);
        assertThat(store.prune("events-20261122")).isFalse();
        assertThatThrownBy(() -> store.prune("events")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.prune("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idlePartitionsAreClosedAndReopenOnUse() {
        MutableClock moving = new MutableClock(NOW);
        store = LuceneEventStore.open(dir, moving, new LuceneEventStore.Options(Duration.ofMillis(50), 16, "host"));
        store.index(List.of(IndexRequest.append("events", "e", received(NOW, "j")),
                IndexRequest.append("localities", "l", received(NOW, "k"))));
        assertThat(store.openPartitions()).isEqualTo(2);
        moving.advance(LuceneEventStore.IDLE_CLOSE.plusMinutes(1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.openPartitions() == 0);
        assertThat(store.count(SearchQuery.all(), List.of("localities"))).isEqualTo(1);
        assertThat(store.openPartitions()).isEqualTo(1);
        assertThat(store.get(TODAY_PARTITION, "e")).isPresent();
    }

    @Test
    void oldEventPartitionsCloseSoonAfterUseAndReopenForALateEvent() {
        MutableClock moving = new MutableClock(NOW);
        // A refresh interval of an hour keeps the background thread out of the way: the test closes by hand.
        store = LuceneEventStore.open(dir, moving, new LuceneEventStore.Options(Duration.ofHours(1), 16, "host", 3));
        store.index(List.of(IndexRequest.append("events", "recent", received(NOW.minus(Duration.ofDays(2)), "r")),
                IndexRequest.append("events", "old", received(NOW.minus(Duration.ofDays(3)), "o"))));
        store.refresh();
        assertThat(store.openPartitions()).isEqualTo(2);

        moving.advance(LuceneEventStore.OLD_IDLE_CLOSE.plusSeconds(1));
        store.closeIdle();
        assertThat(store.openPartitions()).as("only the partition 3 days old is closed").isEqualTo(1);

        store.index(List.of(IndexRequest.append("events", "late", received(NOW.minus(Duration.ofDays(3)), "l"))));
        store.refresh();
        assertThat(store.openPartitions()).isEqualTo(2);
        assertThat(store.count(SearchQuery.all(), List.of("events-20261120"))).isEqualTo(2);
    }

    @Test
    void finishedDaysAreMergedIntoOneSegment() {
        MutableClock moving = new MutableClock(NOW);
        Duration after = Duration.ofHours(1);
        // A refresh interval of an hour: segments are made by the test's own refreshes.
        LuceneEventStore.Options options = new LuceneEventStore.Options(Duration.ofHours(1), 16, "host");
        store = LuceneEventStore.open(dir, moving, options);
        Instant yesterday = NOW.minus(Duration.ofDays(1));
        Instant threeDaysAgo = NOW.minus(Duration.ofDays(3));
        for (int batch = 0; batch < 4; batch++) {
            store.index(List.of(IndexRequest.append("events", "y" + batch, received(yesterday, "y")),
                    IndexRequest.append("events", "o" + batch, received(threeDaysAgo, "o")),
                    IndexRequest.append("events", "t" + batch, received(NOW, "t"))));
            store.refresh();
        }
        assertThat(store.segments("events-20261122")).isEqualTo(4);
        assertThat(store.mergeFinishedDays(after)).as("written just now").isZero();

        // The old day's partition closed and reopened: the merge finds its segments in its last commit.
        store.close();
        moving.advance(Duration.ofHours(2));
        store = LuceneEventStore.open(dir, moving, options);
        store.count(SearchQuery.all(), List.of("events-20261122"));    // open again, so written "just now" again
        assertThat(store.mergeFinishedDays(after)).as("only the closed one, three days old").isEqualTo(1);
        assertThat(store.segments("events-20261120")).isEqualTo(1);
        assertThat(store.segments("events-20261122")).isEqualTo(4);

        moving.advance(Duration.ofHours(2));
        assertThat(store.mergeFinishedDays(after)).isEqualTo(1);
        assertThat(store.segments("events-20261122")).isEqualTo(1);
        assertThat(store.segments(TODAY_PARTITION)).as("today is not over").isEqualTo(4);
        assertThat(store.mergeFinishedDays(after)).as("nothing left to merge").isZero();

        store.index(List.of(IndexRequest.append("events", "late", received(yesterday, "y"))));
        store.refresh();
        assertThat(store.segments("events-20261122")).isEqualTo(2);
        assertThat(store.mergeFinishedDays(after)).as("a late event: quiet first").isZero();
        moving.advance(Duration.ofHours(2));
        assertThat(store.mergeFinishedDays(after)).isEqualTo(1);
        assertThat(store.segments("events-20261122")).isEqualTo(1);
        assertThat(store.count(SearchQuery.all(), List.of("events-20261122"))).isEqualTo(5);
        assertThat(store.count(SearchQuery.all(), List.of("events-20261120"))).isEqualTo(4);
        assertThat(store.count(SearchQuery.all(), List.of(TODAY_PARTITION))).isEqualTo(4);

        // Merged for good: the merge was committed.
        store.close();
        store = LuceneEventStore.open(dir, moving, options);
        assertThat(store.segments("events-20261122")).isEqualTo(1);
        assertThat(store.count(SearchQuery.all(), List.of("events-20261122"))).isEqualTo(5);
    }

    @Test
    void aSnapshotTakenDuringWritesOpensAsAStoreWithEveryCommittedEvent() throws Exception {
        fill();
        store.commit();
        List<Long> copied = new ArrayList<>();
        Path target = dir.resolveSibling(dir.getFileName() + "-snapshot");
        store.snapshot(target, copied::add);
        store.index(List.of(IndexRequest.append("events", "after", received(NOW, "z"))));
        long expected = store.partitions().stream().mapToLong(StorePartition::sizeBytes).sum();
        assertThat(copied.stream().mapToLong(Long::longValue).sum()).isPositive().isLessThanOrEqualTo(expected);

        try (LuceneEventStore copy = LuceneEventStore.open(target, clock)) {
            assertThat(copy.partitions().stream().map(StorePartition::name))
                    .containsExactly("alerts-202611", "events-20261122", "events-20261123", "localities");
            assertThat(copy.count(SearchQuery.all(), List.of("events", "events-previous", "localities"))).isEqualTo(3);
            assertThat(copy.get("alerts", "alert")).isPresent();
        }
        assertThatThrownBy(() -> store.snapshot(target, copied::add)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not empty");
    }

    @Test
    void aSnapshotDuringCommitsAndMergesCopiesAWholeCommitPoint() throws Exception {
        // A small buffer and a commit after every batch: segments are flushed, merged and deleted while the copy runs.
        store = LuceneEventStore.open(dir, clock, new LuceneEventStore.Options(Duration.ofMillis(50), 1, "host"));
        store.index(batch("before", 2000));
        store.commit();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> written = writer.submit(() -> {
                int batches = 0;
                for (; batches < 40; batches++) {
                    store.index(batch("during" + batches, 200));
                    store.commit();
                }
                return batches;
            });
            Path target = dir.resolveSibling(dir.getFileName() + "-during");
            store.snapshot(target, bytes -> {});
            assertThat(written.get()).isEqualTo(40);
            try (LuceneEventStore copy = LuceneEventStore.open(target, clock)) {
                long copied = copy.count(SearchQuery.all(), List.of("events"));
                assertThat(copied).isBetween(2000L, 2000L + 40 * 200);
                assertThat(copied % 200).as("whole batches only: a commit point, not a torn copy").isZero();
            }
        } finally {
            writer.shutdownNow();
        }
    }

    private static List<IndexRequest> batch(String prefix, int size) {
        List<IndexRequest> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(IndexRequest.append("events", prefix + "-" + i, received(NOW, prefix)));
        }
        return batch;
    }

    @Test
    void aPrunedPartitionCanBeWrittenAgain() {
        fill();
        store.prune("localities");
        store.saveObject("localities", "again", received(NOW, "e"));
        store.refresh();
        assertThat(store.count(SearchQuery.all(), List.of("localities"))).isEqualTo(1);
    }

    @Test
    void reopeningFindsEveryPartitionAndClosingCommits() {
        fill();
        store.index(List.of(IndexRequest.append("events", "uncommitted", received(NOW, "f"))));
        store.close();
        store = LuceneEventStore.open(dir, clock);
        assertThat(names())
                .containsExactly("alerts-202611", "events-20261122", "events-20261123", "localities");
        assertThat(store.count(SearchQuery.all(), List.of("events", "events-previous"))).isEqualTo(3);
        assertThat(store.get("alerts", "alert")).isPresent();
    }

    @Test
    void aClosedStoreRefusesWork() {
        fill();
        store.close();
        assertThatThrownBy(() -> store.count(SearchQuery.all(), List.of("events")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.index(List.of(IndexRequest.append("events", "x", Json.object()))))
                .isInstanceOf(IllegalStateException.class);
        store.close();
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        store = LuceneEventStore.open(dir, clock);
        int writers = 4;
        int batches = 20;
        int perBatch = 100;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<IndexRequest> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            String id = writer + "-" + b + "-" + i;
                            batch.add(IndexRequest.append("events", id, received(NOW, "w" + writer)));
                        }
                        store.index(batch);
                        if (b % 5 == 0) {
                            store.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        store.refresh();
        assertThat(store.count(SearchQuery.all(), List.of("events"))).isEqualTo((long) writers * batches * perBatch);
        assertThat(store.count(SearchQuery.all().addMust(new TermMatch("category", "w2")), List.of("events")))
                .isEqualTo((long) batches * perBatch);
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new LuceneEventStore.Options(Duration.ZERO, 64, "host"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LuceneEventStore.Options(Duration.ofMillis(500), 0, "host"))
                .isInstanceOf(IllegalArgumentException.class);
        store = LuceneEventStore.open(dir, clock, new LuceneEventStore.Options(Duration.ofMillis(100), 16, "host"));
        store.index(List.of(IndexRequest.append("events", "x", received(NOW, "g"))));
        assertThat(Files.isDirectory(dir.resolve("events-20261123"))).isTrue();
    }

    @Test
    void aQueryStringWithoutFieldCoversWideEventsAndFailsCleanlyBeyondTheLimit() {
        store = LuceneEventStore.open(dir, clock);
        store.index(List.of(IndexRequest.append("events", "wide", wide(0, 1100))));
        store.refresh();
        assertThat(SearchQuery.all().addMust(new QueryStringMatch("v")).execute(store).hits()).hasSize(1);
        int perDoc = DocumentMapper.MAX_VALUES - 100;
        List<IndexRequest> widest = new ArrayList<>();
        for (int from = 0; from <= LuceneEventStore.MAX_CLAUSES; from += perDoc) {
            widest.add(IndexRequest.append("events", "w" + from, wide(from, perDoc)));
        }
        store.index(widest);
        store.refresh();
        assertThatThrownBy(() -> SearchQuery.all().addMust(new QueryStringMatch("v")).execute(store))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than " + LuceneEventStore.MAX_CLAUSES + " clauses");
        assertThat(SearchQuery.all().addMust(new QueryStringMatch("details.f7:v")).execute(store).hits()).hasSize(2);
    }

    private static ObjectNode wide(int from, int fields) {
        ObjectNode event = received(NOW, "wide");
        ObjectNode details = event.putObject("details");
        for (int i = from; i < from + fields; i++) {
            details.put("f" + i, "v");
        }
        return event;
    }

    @Test
    void existsFindsValuesOfEveryEncodingAndThoseKeptOnlyInSource() throws Exception {
        store = LuceneEventStore.open(dir, clock);
        String longKeyword = "x".repeat(org.rampart.query.tree.FieldKind.IGNORE_ABOVE + 1);
        String[] events = {
                "{'summary': ''}",                                                  // text without a token
                "{'details': {'sourceipaddress': '10.0.0.1'}}",                     // ip
                "{'details': {'sourceipaddress': 'not an address'}}",               // ip, unparseable
                "{'details': {'sourceipgeopoint': {'lat': 1.5, 'lon': 2.5}}}",      // geo point
                "{'details': {'success': 'maybe'}}",                                // boolean, neither true nor false
                "{'details': {'note': '" + longKeyword + "'}}",                     // keyword over ignore_above
                "{'timestamp': 'yesterday-ish'}",                                   // date, unparseable
                "{'timestamp': '2026-11-23T09:00:00Z'}"};                           // date
        List<IndexRequest> batch = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(events[i].replace('\'', '"'));
            event.put("receivedtimestamp", NOW.toString());
            batch.add(IndexRequest.append("events", "e" + i, event));
        }
        store.index(batch);
        store.refresh();

        assertThat(existing("summary")).containsExactly("e0");
        assertThat(existing("details.sourceipaddress")).containsExactly("e1", "e2");
        assertThat(existing("details.sourceipgeopoint")).containsExactly("e3");
        assertThat(existing("details.success")).containsExactly("e4");
        assertThat(existing("details.note")).containsExactly("e5");
        assertThat(existing("details")).containsExactly("e1", "e2", "e3", "e4", "e5");
        assertThat(existing("timestamp")).containsExactly("e6", "e7");
        assertThat(existing("details.sourceip")).as("a path prefix that is not a parent object").isEmpty();
    }

    private List<String> existing(String path) {
        return store.search(SearchQuery.all().addMust(new org.rampart.query.ExistsMatch(path)), List.of("events"), 100)
                .hits().stream().map(org.rampart.query.Hit::id).sorted().toList();
    }
}
