package org.rampart.store.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefArray;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.BytesRefHash;
import org.apache.lucene.util.Counter;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.NumericUtils;
import org.apache.lucene.util.PriorityQueue;
import org.rampart.query.Bucket;

/**
 * Elasticsearch's {@code terms} aggregation over doc values: per value of a path, how many matching documents
 * hold it. Keyword and ip values count as strings, dates as epoch milliseconds, numbers as numbers.
 *
 * <p>Keyword and ip values are counted by ordinal within a segment. With the partition's global ordinals
 * ({@link GlobalOrdinals}) the segments' counts are summed by global ordinal and each counted value is read as bytes
 * once per partition; a partition of one segment (a finished day, merged) counts by that segment's ordinals, which
 * are the partition's; otherwise (a partition being written) each segment's counted values are read and summed by
 * bytes. Either way a partition's counts come out in byte order ({@link ValueCounts}), so partitions are summed by a
 * merge of sorted lists, and only values that can make the top buckets are turned into strings. Reading and hashing
 * every counted value of every segment was most of a 7-day aggregation's time: a path like the source address has a
 * long tail, and each of its values is in many segments.
 */
final class TermsAggregator implements Collector {
    /** Bucket order of Elasticsearch's terms aggregation: count descending, then key ascending. */
    static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::count).reversed()
            .thenComparing(Bucket::key, TermsAggregator::compareKeys);

    private final String path;
    private final OrdinalCounts keywords;
    private final OrdinalCounts ips;
    private final Map<Object, Long> numbers = new HashMap<>();

    private TermsAggregator(String path, boolean oneSegment, OrdinalMap keywordOrdinals, OrdinalMap ipOrdinals) {
        this.path = path;
        this.keywords = new OrdinalCounts(keywordOrdinals, oneSegment);
        this.ips = new OrdinalCounts(ipOrdinals, oneSegment);
    }

    /**
     * Counts of {@code path} in the documents a search of {@code reader} matches; the global ordinals of its keyword
     * and ip fields over that reader when there are (null otherwise).
     */
    static CollectorManager<TermsAggregator, PartitionCounts> manager(String path, IndexReader reader,
            OrdinalMap keywordOrdinals, OrdinalMap ipOrdinals) {
        // A partition merged down to one segment (a finished day, LuceneEventStore.mergeFinishedDays) needs no global
        // ordinals: its segment's ordinals are already in byte order over the whole partition.
        boolean oneSegment = reader.leaves().size() == 1;
        return new CollectorManager<>() {
            @Override
            public TermsAggregator newCollector() {
                return new TermsAggregator(path, oneSegment, keywordOrdinals, ipOrdinals);
            }

            @Override
            public PartitionCounts reduce(Collection<TermsAggregator> collectors) throws IOException {
                OrdinalCounts keywords = new OrdinalCounts(keywordOrdinals, oneSegment);
                OrdinalCounts ips = new OrdinalCounts(ipOrdinals, oneSegment);
                Map<Object, Long> numbers = new HashMap<>();
                for (TermsAggregator collector : collectors) {
                    keywords.addAll(collector.keywords);
                    ips.addAll(collector.ips);
                    collector.numbers.forEach((k, v) -> numbers.merge(k, v, Long::sum));
                }
                return new PartitionCounts(keywords.sorted(reader, Encoding.KEYWORD.field(path)),
                        ips.sorted(reader, Encoding.IP.field(path)), numbers);
            }
        };
    }

    /** One partition's counts: keyword and ip values in byte order, numbers by value. */
    record PartitionCounts(ValueCounts keywords, ValueCounts ips, Map<Object, Long> numbers) {}

    /** The counts of every partition searched, summed into the top buckets. Thread-safe. */
    static final class Counts {
        private final List<ValueCounts> keywords = new ArrayList<>();
        private final List<ValueCounts> ips = new ArrayList<>();
        private final Map<Object, Long> numbers = new HashMap<>();

        synchronized void add(PartitionCounts partition) {
            keywords.add(partition.keywords());
            ips.add(partition.ips());
            partition.numbers().forEach((k, v) -> numbers.merge(k, v, Long::sum));
        }

        /** The {@code size} biggest buckets in Elasticsearch's order, exact. */
        synchronized List<Bucket> top(int size) throws IOException {
            boolean both = keywords.stream().anyMatch(c -> c.size() > 0) && ips.stream().anyMatch(c -> c.size() > 0);
            if (both) {
                // The same string may be an ip in some documents and a keyword in others: one bucket, so every value
                // is decoded before the cut (rare: a path is one type in a well-formed stream).
                Map<Object, Long> all = new HashMap<>(numbers);
                ValueCounts.sum(keywords, (value, count) -> all.merge(keyword(value), count, Long::sum));
                ValueCounts.sum(ips, (value, count) -> all.merge(ip(value), count, Long::sum));
                TopBuckets top = new TopBuckets(size);
                all.forEach((key, count) -> top.offer(count, () -> key));
                return top.sorted();
            }
            // Every key is distinct now: each summed value goes by the bounded heap, and only those that can enter it
            // are turned into keys (a flat distribution ties thousands of values at the cut; their keys decide).
            TopBuckets top = new TopBuckets(size);
            numbers.forEach((key, count) -> top.offer(count, () -> key));
            ValueCounts.sum(keywords, (value, count) -> top.offer(count, () -> keyword(value)));
            ValueCounts.sum(ips, (value, count) -> top.offer(count, () -> ip(value)));
            return top.sorted();
        }
    }

    /** The {@code size} best buckets seen so far in {@link #ORDER}, the worst of them on top. */
    private static final class TopBuckets extends PriorityQueue<Bucket> {
        private final int size;

        TopBuckets(int size) {
            super(size);
            this.size = size;
        }

        @Override
        protected boolean lessThan(Bucket a, Bucket b) {
            return ORDER.compare(a, b) > 0;
        }

        /** Offers a bucket; its key is made only when its count can put it among the best. */
        void offer(long count, Supplier<Object> key) {
            if (size == 0 || (size() == size && count < top().count())) {
                return;
            }
            insertWithOverflow(new Bucket(key.get(), count));
        }

        /** The buckets, best first. */
        List<Bucket> sorted() {
            Bucket[] best = new Bucket[size()];
            for (int i = best.length - 1; i >= 0; i--) {
                best[i] = pop();
            }
            return List.of(best);
        }
    }

    /** Distinct byte values in byte order, each with how many documents hold it. */
    static final class ValueCounts {
        private final BytesRefArray values = new BytesRefArray(Counter.newCounter());
        private long[] counts = new long[16];

        int size() {
            return values.size();
        }

        /** Appends a value greater than the last one. */
        private void append(BytesRef value, long count) {
            int index = values.append(value);
            counts = ArrayUtil.grow(counts, index + 1);
            counts[index] = count;
        }

        /**
         * Hands each distinct value of the lists, in byte order, to {@code action} with its summed count (a k-way
         * merge); the value is valid only during the call.
         */
        static void sum(List<ValueCounts> lists, CountedValue action) throws IOException {
            PriorityQueue<Cursor> queue = new PriorityQueue<>(lists.size()) {
                @Override
                protected boolean lessThan(Cursor a, Cursor b) {
                    return a.value.compareTo(b.value) < 0;
                }
            };
            for (ValueCounts list : lists) {
                Cursor cursor = new Cursor(list);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
            BytesRefBuilder current = new BytesRefBuilder();
            long currentCount = 0;
            while (queue.size() > 0) {
                Cursor cursor = queue.top();
                if (currentCount > 0 && current.get().bytesEquals(cursor.value)) {
                    currentCount += cursor.count;
                } else {
                    if (currentCount > 0) {
                        action.accept(current.get(), currentCount);
                    }
                    current.copyBytes(cursor.value);
                    currentCount = cursor.count;
                }
                if (cursor.advance()) {
                    queue.updateTop();
                } else {
                    queue.pop();
                }
            }
            if (currentCount > 0) {
                action.accept(current.get(), currentCount);
            }
        }

        /** A position in a list; {@code value} stays valid until the next {@link #advance}. */
        private static final class Cursor {
            private final ValueCounts list;
            private final BytesRefBuilder scratch = new BytesRefBuilder();
            private int next;
            private BytesRef value;
            private long count;

            Cursor(ValueCounts list) {
                this.list = list;
            }

            boolean advance() {
                if (next == list.size()) {
                    return false;
                }
                value = list.values.get(scratch, next);
                count = list.counts[next++];
                return true;
            }
        }
    }

    /**
     * One collector's counts of a keyword or ip field: by global ordinal when the partition has them or is one segment
     * (whose ordinals are then the partition's), else by bytes.
     */
    private static final class OrdinalCounts {
        private final OrdinalMap ordinals;
        private final boolean oneSegment;
        /** Counts by the partition's ordinal: the global one, or the only segment's. */
        private int[] global;
        private final BytesRefHash values = new BytesRefHash();
        private long[] totals = new long[16];

        OrdinalCounts(OrdinalMap ordinals, boolean oneSegment) {
            this.ordinals = ordinals;
            this.oneSegment = oneSegment;
        }

        /** Adds one segment's counts by its ordinals; {@code leaf} is its index in the partition's reader. */
        void addSegment(SortedSetDocValues segment, int[] ordCounts, int leaf) throws IOException {
            if (oneSegment) {
                // The segment's counts are the partition's, and its collector is done with them.
                if (global == null) {
                    global = ordCounts;
                } else {
                    for (int ord = 0; ord < ordCounts.length; ord++) {
                        global[ord] += ordCounts[ord];
                    }
                }
            } else if (ordinals != null) {
                LongValues toGlobal = ordinals.getGlobalOrds(leaf);
                int[] sums = globalCounts(Math.toIntExact(ordinals.getValueCount()));
                for (int ord = 0; ord < ordCounts.length; ord++) {
                    if (ordCounts[ord] > 0) {
                        sums[(int) toGlobal.get(ord)] += ordCounts[ord];
                    }
                }
            } else {
                forCounted(segment, ordCounts, this::add);
            }
        }

        private int[] globalCounts(int valueCount) {
            if (global == null) {
                global = new int[valueCount];
            }
            return global;
        }

        private void add(BytesRef value, long count) {
            int id = values.add(value);
            if (id < 0) {
                id = -id - 1;
            } else {
                totals = ArrayUtil.grow(totals, id + 1);
            }
            totals[id] += count;
        }

        /** Adds another collector's counts of the same partition. */
        void addAll(OrdinalCounts other) {
            if (other.global != null) {
                int[] sums = globalCounts(other.global.length);
                for (int g = 0; g < sums.length; g++) {
                    sums[g] += other.global[g];
                }
            }
            BytesRef scratch = new BytesRef();
            for (int id = 0; id < other.values.size(); id++) {
                add(other.values.get(id, scratch), other.totals[id]);
            }
        }

        /** The counts in byte order, reading the values of global ordinals from {@code reader}'s segments. */
        ValueCounts sorted(IndexReader reader, String field) throws IOException {
            ValueCounts sorted = new ValueCounts();
            if (global != null && oneSegment) {
                SortedSetDocValues segment = DocValues.getSortedSet(reader.leaves().getFirst().reader(), field);
                forCounted(segment, global, sorted::append);
                return sorted;
            }
            if (global != null) {
                List<LeafReaderContext> leaves = reader.leaves();
                SortedSetDocValues[] segments = new SortedSetDocValues[leaves.size()];
                for (int g = 0; g < global.length; g++) {
                    if (global[g] > 0) {
                        int leaf = ordinals.getFirstSegmentNumber(g);
                        if (segments[leaf] == null) {
                            segments[leaf] = DocValues.getSortedSet(leaves.get(leaf).reader(), field);
                        }
                        sorted.append(segments[leaf].lookupOrd(ordinals.getFirstSegmentOrd(g)), global[g]);
                    }
                }
                return sorted;
            }
            BytesRef scratch = new BytesRef();
            for (int id : values.sort()) {
                if (id < 0) {
                    break;
                }
                sorted.append(values.get(id, scratch), totals[id]);
            }
            return sorted;
        }
    }

    /** What is done with each counted value of a segment, in ordinal (so byte) order. */
    private interface CountedValue {
        void accept(BytesRef value, long count) throws IOException;
    }

    /** Hands each value of {@code segment} counted in {@code ordCounts} to {@code action}, in ordinal order. */
    private static void forCounted(SortedSetDocValues segment, int[] ordCounts, CountedValue action) throws IOException {
        int counted = 0;
        for (int count : ordCounts) {
            counted += count > 0 ? 1 : 0;
        }
        if (counted > ordCounts.length / 8) {
            // Most values counted: reading the terms in order decodes each block of the terms dictionary once,
            // where a look-up per ordinal decodes it again and again.
            TermsEnum terms = segment.termsEnum();
            for (int ord = 0; ord < ordCounts.length; ord++) {
                BytesRef value = terms.next();
                if (ordCounts[ord] > 0) {
                    action.accept(value, ordCounts[ord]);
                }
            }
        } else {
            for (int ord = 0; ord < ordCounts.length; ord++) {
                if (ordCounts[ord] > 0) {
                    action.accept(segment.lookupOrd(ord), ordCounts[ord]);
                }
            }
        }
    }

    private static Object keyword(BytesRef bytes) {
        return bytes.utf8ToString();
    }

    private static Object ip(BytesRef bytes) {
        if (isMappedIpv4(bytes)) {
            // As InetAddress.getHostAddress writes an IPv4 address, without making one: the top buckets' cut may
            // decode thousands of values.
            StringBuilder dotted = new StringBuilder(15);
            for (int i = 12; i < 16; i++) {
                if (i > 12) {
                    dotted.append('.');
                }
                dotted.append(bytes.bytes[bytes.offset + i] & 0xff);
            }
            return dotted.toString();
        }
        byte[] encoded = new byte[bytes.length];
        System.arraycopy(bytes.bytes, bytes.offset, encoded, 0, bytes.length);
        return InetAddressPoint.decode(encoded).getHostAddress();
    }

    /** InetAddressPoint's encoding of an IPv4 address: {@code ::ffff:a.b.c.d}. */
    private static boolean isMappedIpv4(BytesRef bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes.bytes[bytes.offset + i] != 0) {
                return false;
            }
        }
        return bytes.bytes[bytes.offset + 10] == (byte) 0xff && bytes.bytes[bytes.offset + 11] == (byte) 0xff;
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return a.toString().compareTo(b.toString());
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
        LeafReader reader = context.reader();
        SortedSetDocValues keywordValues = DocValues.getSortedSet(reader, Encoding.KEYWORD.field(path));
        SortedSetDocValues ipValues = DocValues.getSortedSet(reader, Encoding.IP.field(path));
        SortedNumericDocValues dates = numbers(reader, Encoding.DATE.field(path));
        SortedNumericDocValues longs = numbers(reader, Encoding.LONG.field(path));
        SortedNumericDocValues doubles = numbers(reader, Encoding.DOUBLE.field(path));
        int[] keywordCounts = new int[Math.toIntExact(keywordValues.getValueCount())];
        int[] ipCounts = new int[Math.toIntExact(ipValues.getValueCount())];
        // A segment where every document has at most one value (the common case): one ordinal per document to read.
        SortedDocValues keywordValue = DocValues.unwrapSingleton(keywordValues);
        SortedDocValues ipValue = DocValues.unwrapSingleton(ipValues);
        return new LeafCollector() {
            @Override
            public void setScorer(Scorable scorer) {}

            @Override
            public void collect(int doc) throws IOException {
                if (keywordValue != null) {
                    countOrd(keywordValue, keywordCounts, doc);
                } else {
                    countOrds(keywordValues, keywordCounts, doc);
                }
                if (ipValue != null) {
                    countOrd(ipValue, ipCounts, doc);
                } else {
                    countOrds(ipValues, ipCounts, doc);
                }
                if (dates != null) {
                    countNumbers(dates, doc, v -> v);
                }
                if (longs != null) {
                    countNumbers(longs, doc, v -> v);
                }
                if (doubles != null) {
                    countNumbers(doubles, doc, NumericUtils::sortableLongToDouble);
                }
            }

            @Override
            public void finish() throws IOException {
                keywords.addSegment(keywordValues, keywordCounts, context.ord);
                ips.addSegment(ipValues, ipCounts, context.ord);
            }
        };
    }

    /** The path's numbers in this segment, or null when no document of it has any (nothing to ask per document). */
    private static SortedNumericDocValues numbers(LeafReader reader, String field) throws IOException {
        return reader.getFieldInfos().fieldInfo(field) == null ? null : DocValues.getSortedNumeric(reader, field);
    }

    private static void countOrd(SortedDocValues value, int[] ordCounts, int doc) throws IOException {
        if (ordCounts.length > 0 && value.advanceExact(doc)) {
            ordCounts[value.ordValue()]++;
        }
    }

    private static void countOrds(SortedSetDocValues values, int[] ordCounts, int doc) throws IOException {
        if (ordCounts.length > 0 && values.advanceExact(doc)) {
            for (int i = 0; i < values.docValueCount(); i++) {
                ordCounts[(int) values.nextOrd()]++;
            }
        }
    }

    private void countNumbers(SortedNumericDocValues values, int doc, java.util.function.LongFunction<Object> key)
            throws IOException {
        if (values.advanceExact(doc)) {
            long previous = 0;
            for (int i = 0; i < values.docValueCount(); i++) {
                long v = values.nextValue();
                // Values come sorted; a document counts once per distinct value.
                if (i == 0 || v != previous) {
                    numbers.merge(key.apply(v), 1L, Long::sum);
                }
                previous = v;
            }
        }
    }
}

