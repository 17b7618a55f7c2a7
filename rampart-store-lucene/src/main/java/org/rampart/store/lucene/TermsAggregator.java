package org.rampart.store.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.apache.lucene.util.LongHeap;
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
 * once per partition; without them (a partition being written) each segment's counted values are read and summed by
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

    private TermsAggregator(String path, OrdinalMap keywordOrdinals, OrdinalMap ipOrdinals) {
        this.path = path;
        this.keywords = new OrdinalCounts(keywordOrdinals);
        this.ips = new OrdinalCounts(ipOrdinals);
    }

    /**
     * Counts of {@code path} in the documents a search of {@code reader} matches; the global ordinals of its keyword
     * and ip fields over that reader when there are (null otherwise).
     */
    static CollectorManager<TermsAggregator, PartitionCounts> manager(String path, IndexReader reader,
            OrdinalMap keywordOrdinals, OrdinalMap ipOrdinals) {
        return new CollectorManager<>() {
            @Override
            public TermsAggregator newCollector() {
                return new TermsAggregator(path, keywordOrdinals, ipOrdinals);
            }

            @Override
            public PartitionCounts reduce(Collection<TermsAggregator> collectors) throws IOException {
                OrdinalCounts keywords = new OrdinalCounts(keywordOrdinals);
                OrdinalCounts ips = new OrdinalCounts(ipOrdinals);
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
        synchronized List<Bucket> top(int size) {
            ValueCounts keywordTotals = ValueCounts.sum(keywords);
            ValueCounts ipTotals = ValueCounts.sum(ips);
            Map<Object, Long> candidates = new HashMap<>(numbers);
            if (keywordTotals.size() > 0 && ipTotals.size() > 0) {
                // The same string may be an ip in some documents and a keyword in others: one bucket, so every value
                // is decoded before the cut (rare: a path is one type in a well-formed stream).
                keywordTotals.decode(TermsAggregator::keyword, candidates, 0);
                ipTotals.decode(TermsAggregator::ip, candidates, 0);
            } else {
                // Values below the size-th biggest count cannot make the top buckets, whatever their keys.
                keywordTotals.decode(TermsAggregator::keyword, candidates, keywordTotals.countAt(size));
                ipTotals.decode(TermsAggregator::ip, candidates, ipTotals.countAt(size));
            }
            List<Bucket> buckets = new ArrayList<>(candidates.size());
            candidates.forEach((k, v) -> buckets.add(new Bucket(k, v)));
            buckets.sort(ORDER);
            return buckets.size() > size ? List.copyOf(buckets.subList(0, size)) : buckets;
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

        /** The sum of lists in byte order, by a k-way merge. */
        static ValueCounts sum(List<ValueCounts> lists) {
            List<ValueCounts> nonEmpty = lists.stream().filter(l -> l.size() > 0).toList();
            if (nonEmpty.size() == 1) {
                return nonEmpty.getFirst();
            }
            PriorityQueue<Cursor> queue = new PriorityQueue<>(nonEmpty.size()) {
                @Override
                protected boolean lessThan(Cursor a, Cursor b) {
                    return a.value.compareTo(b.value) < 0;
                }
            };
            for (ValueCounts list : nonEmpty) {
                Cursor cursor = new Cursor(list);
                cursor.advance();
                queue.add(cursor);
            }
            ValueCounts total = new ValueCounts();
            BytesRefBuilder last = new BytesRefBuilder();
            while (queue.size() > 0) {
                Cursor cursor = queue.top();
                if (total.size() > 0 && last.get().bytesEquals(cursor.value)) {
                    total.counts[total.size() - 1] += cursor.count;
                } else {
                    last.copyBytes(cursor.value);
                    total.append(cursor.value, cursor.count);
                }
                if (cursor.advance()) {
                    queue.updateTop();
                } else {
                    queue.pop();
                }
            }
            return total;
        }

        /** The {@code n}-th biggest count (1-based), or 0 when there are fewer values. */
        long countAt(int n) {
            if (n <= 0 || n > size()) {
                return 0;
            }
            LongHeap biggest = new LongHeap(n);
            for (int i = 0; i < size(); i++) {
                biggest.insertWithOverflow(counts[i]);
            }
            return biggest.top();
        }

        /** Puts every value counted at least {@code floor} times into {@code into}, as the key {@code decode} makes. */
        void decode(Function<BytesRef, Object> decode, Map<Object, Long> into, long floor) {
            BytesRefBuilder scratch = new BytesRefBuilder();
            for (int i = 0; i < size(); i++) {
                if (counts[i] >= floor) {
                    into.merge(decode.apply(values.get(scratch, i)), counts[i], Long::sum);
                }
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
     * One collector's counts of a keyword or ip field: by global ordinal when the partition has them, else by bytes.
     */
    private static final class OrdinalCounts {
        private final OrdinalMap ordinals;
        private int[] global;
        private final BytesRefHash values = new BytesRefHash();
        private long[] totals = new long[16];

        OrdinalCounts(OrdinalMap ordinals) {
            this.ordinals = ordinals;
        }

        /** Adds one segment's counts by its ordinals; {@code leaf} is its index in the partition's reader. */
        void addSegment(SortedSetDocValues segment, int[] ordCounts, int leaf) throws IOException {
            int counted = 0;
            for (int count : ordCounts) {
                counted += count > 0 ? 1 : 0;
            }
            if (counted == 0) {
                return;
            }
            if (ordinals != null) {
                LongValues toGlobal = ordinals.getGlobalOrds(leaf);
                int[] sums = globalCounts();
                for (int ord = 0; ord < ordCounts.length; ord++) {
                    if (ordCounts[ord] > 0) {
                        sums[(int) toGlobal.get(ord)] += ordCounts[ord];
                    }
                }
            } else if (counted > ordCounts.length / 8) {
                // Most values counted: reading the terms in order decodes each block of the terms dictionary once,
                // where a look-up per ordinal decodes it again and again.
                TermsEnum terms = segment.termsEnum();
                for (int ord = 0; ord < ordCounts.length; ord++) {
                    BytesRef value = terms.next();
                    if (ordCounts[ord] > 0) {
                        add(value, ordCounts[ord]);
                    }
                }
            } else {
                for (int ord = 0; ord < ordCounts.length; ord++) {
                    if (ordCounts[ord] > 0) {
                        add(segment.lookupOrd(ord), ordCounts[ord]);
                    }
                }
            }
        }

        private int[] globalCounts() {
            if (global == null) {
                global = new int[Math.toIntExact(ordinals.getValueCount())];
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
                int[] sums = globalCounts();
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

    private static Object keyword(BytesRef bytes) {
        return bytes.utf8ToString();
    }

    private static Object ip(BytesRef bytes) {
        byte[] encoded = new byte[bytes.length];
        System.arraycopy(bytes.bytes, bytes.offset, encoded, 0, bytes.length);
        return InetAddressPoint.decode(encoded).getHostAddress();
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
