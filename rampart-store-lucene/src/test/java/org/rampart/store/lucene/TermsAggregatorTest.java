package org.rampart.store.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.Bucket;

/**
 * The terms aggregation's top buckets are exact with and without global ordinals: real indices on disk with many
 * segments in two or three "partitions", skewed and flat value distributions, multi-valued documents, ties at the cut;
 * each answer is checked against a plain count. And the global ordinals are kept per reader and let go with it.
 */
class TermsAggregatorTest {
    private static final String PATH = "details.sourceipaddress";

    @TempDir
    Path dir;

    /** A generated event: its filter value and its values of the aggregated path. */
    private record Doc(String group, List<String> values) {}

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void keywordTopIsExact(long seed) throws IOException {
        Random random = new Random(seed);
        List<List<Doc>> partitions = List.of(generate(random, false), generate(random, false));
        assertExact(partitions, false, "a", new int[] {1, 3, 10, 20, 1000}, seed, false);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void ipTopIsExact(long seed) throws IOException {
        Random random = new Random(seed);
        List<List<Doc>> partitions = List.of(generate(random, true), generate(random, true), generate(random, true));
        assertExact(partitions, true, "b", new int[] {1, 5, 20}, seed, false);
    }

    /** Partitions merged down to one segment (finished days): the segment's ordinals stand for the partition's. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24})
    void oneSegmentPartitionsAreExact(long seed) throws IOException {
        Random random = new Random(seed);
        boolean ips = seed % 2 == 0;
        List<List<Doc>> partitions = List.of(generate(random, ips), generate(random, ips), generate(random, ips));
        assertExact(partitions, ips, "a", new int[] {1, 7, 20, 1000}, seed, true);
    }

    @Test
    void globalOrdinalsAreKeptForTheirReaderAndLetGoWithIt() throws IOException {
        GlobalOrdinals ordinals = new GlobalOrdinals(1 << 20);
        try (Directory directory = FSDirectory.open(dir.resolve("kept"))) {
            write(directory, generate(new Random(3), false), false);
            String field = Encoding.KEYWORD.field(PATH);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(ordinals.get(reader, field, false)).as("not built when not allowed").isNull();
                OrdinalMap built = ordinals.get(reader, field, true);
                assertThat(built).isNotNull();
                assertThat(ordinals.get(reader, field, false)).isSameAs(built);
                assertThat(ordinals.get(reader, Encoding.IP.field(PATH), true)).as("no segment has the field").isNull();
                assertThat(ordinals.usedBytes()).isEqualTo(built.ramBytesUsed());
            }
            assertThat(ordinals.usedBytes()).as("let go when the reader closed").isZero();
        }
    }

    @Test
    void globalOrdinalsStayWithinTheirBudget() throws IOException {
        try (Directory one = FSDirectory.open(dir.resolve("one")); Directory two = FSDirectory.open(dir.resolve("two"))) {
            write(one, generate(new Random(4), false), false);
            write(two, generate(new Random(5), false), false);
            String field = Encoding.KEYWORD.field(PATH);
            try (DirectoryReader a = DirectoryReader.open(one); DirectoryReader b = DirectoryReader.open(two)) {
                GlobalOrdinals unbounded = new GlobalOrdinals(Long.MAX_VALUE);
                long budget = Math.max(unbounded.get(a, field, true).ramBytesUsed(),
                        unbounded.get(b, field, true).ramBytesUsed());
                GlobalOrdinals ordinals = new GlobalOrdinals(budget);
                ordinals.get(a, field, true);
                OrdinalMap newer = ordinals.get(b, field, true);
                assertThat(ordinals.usedBytes()).isEqualTo(newer.ramBytesUsed());
                assertThat(ordinals.get(a, field, false)).as("the older map made room").isNull();
                assertThat(ordinals.get(b, field, false)).isSameAs(newer);
            }
        }
    }

    /**
     * Some thousand documents in segments of 50 to 400: a few heavy values, a long tail, and (every other seed) a flat
     * stretch of equal counts at the cut, where ties are decided by key.
     */
    private static List<Doc> generate(Random random, boolean ips) {
        List<Doc> docs = new ArrayList<>();
        int n = 1_000 + random.nextInt(2_000);
        boolean flat = random.nextBoolean();
        // Some partitions have one value per document (their doc values read as single-valued), some more.
        boolean multiValued = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            Set<String> values = new LinkedHashSet<>();
            int count = multiValued && random.nextInt(10) == 0 ? 2 + random.nextInt(2) : 1;
            for (int v = 0; v < count; v++) {
                int id;
                if (flat) {
                    id = random.nextInt(40);
                } else if (random.nextInt(3) == 0) {
                    id = (int) Math.abs(random.nextGaussian() * 6);
                } else {
                    id = 100 + random.nextInt(5_000);
                }
                // IPv6 in the form Java writes it back (InetAddress.getHostAddress), so the keys compare as strings.
                values.add(!ips ? "value-" + id : id % 5 == 0 ? "2001:db8:0:0:0:0:0:" + Integer.toHexString(id)
                        : "10.0." + (id / 256) + "." + (id % 256));
            }
            docs.add(new Doc(random.nextInt(4) == 0 ? "b" : "a", List.copyOf(values)));
        }
        return docs;
    }

    /** Writes each partition into its own index of many segments, then checks every size with and without global ordinals. */
    private void assertExact(List<List<Doc>> partitions, boolean ips, String group, int[] sizes, long seed,
            boolean merged) throws IOException {
        List<Directory> directories = new ArrayList<>();
        List<DirectoryReader> readers = new ArrayList<>();
        try {
            for (List<Doc> docs : partitions) {
                Directory directory = FSDirectory.open(dir.resolve("seed" + seed + "-p" + directories.size()));
                directories.add(directory);
                write(directory, docs, ips);
                if (merged) {
                    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
                        writer.forceMerge(1);
                    }
                }
                DirectoryReader reader = DirectoryReader.open(directory);
                readers.add(reader);
                if (merged) {
                    assertThat(reader.leaves()).hasSize(1);
                } else {
                    assertThat(reader.leaves()).hasSizeGreaterThan(3);
                }
            }
            for (boolean global : new boolean[] {false, true}) {
                for (int size : sizes) {
                    assertThat(aggregate(readers, group, size, global))
                            .as("seed %d, global ordinals %s, size %d", seed, global, size)
                            .isEqualTo(expected(partitions, size, group));
                }
            }
        } finally {
            for (DirectoryReader reader : readers) {
                reader.close();
            }
            for (Directory directory : directories) {
                directory.close();
            }
        }
    }

    private static List<Bucket> aggregate(List<DirectoryReader> readers, String group, int size, boolean global)
            throws IOException {
        GlobalOrdinals ordinals = new GlobalOrdinals(Long.MAX_VALUE);
        TermsAggregator.Counts counts = new TermsAggregator.Counts();
        for (DirectoryReader reader : readers) {
            Query query = new TermQuery(new Term("group", group));
            counts.add(new IndexSearcher(reader).search(query, TermsAggregator.manager(PATH, reader,
                    ordinals.get(reader, Encoding.KEYWORD.field(PATH), global),
                    ordinals.get(reader, Encoding.IP.field(PATH), global))));
        }
        return counts.top(size);
    }

    private static void write(Directory directory, List<Doc> docs, boolean ips) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE);
        Random sizes = new Random(docs.size());
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            int untilFlush = 50 + sizes.nextInt(350);
            for (Doc doc : docs) {
                Document document = new Document();
                document.add(new StringField("group", doc.group(), Field.Store.NO));
                for (String value : doc.values()) {
                    if (ips) {
                        InetAddress address = IpAddresses.address(value);
                        document.add(new SortedSetDocValuesField(Encoding.IP.field(PATH),
                                new BytesRef(InetAddressPoint.encode(address))));
                    } else {
                        document.add(new KeywordField(Encoding.KEYWORD.field(PATH), value, Field.Store.NO));
                    }
                }
                writer.addDocument(document);
                if (--untilFlush == 0) {
                    writer.flush();
                    untilFlush = 50 + sizes.nextInt(350);
                }
            }
        }
    }

    private static List<Bucket> expected(List<List<Doc>> partitions, int size, String group) {
        Map<String, Long> counts = new HashMap<>();
        for (List<Doc> docs : partitions) {
            for (Doc doc : docs) {
                if (doc.group().equals(group)) {
                    doc.values().forEach(v -> counts.merge(v, 1L, Long::sum));
                }
            }
        }
        List<Bucket> buckets = new ArrayList<>();
        counts.forEach((k, v) -> buckets.add(new Bucket(k, v)));
        buckets.sort(TermsAggregator.ORDER);
        return buckets.size() > size ? buckets.subList(0, size) : buckets;
    }
}
