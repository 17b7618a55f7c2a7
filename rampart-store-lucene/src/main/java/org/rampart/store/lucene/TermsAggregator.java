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
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;
import org.apache.lucene.util.LongHeap;
import org.apache.lucene.util.NumericUtils;
import org.rampart.query.Bucket;

/**
 * Elasticsearch's {@code terms} aggregation over doc values: per value of a path, how many matching documents
 * hold it. Keyword and ip values count as strings, dates as epoch milliseconds, numbers as numbers.
 *
 * <p>Keyword and ip values are counted by ordinal within a segment, then summed by their bytes across segments and
 * partitions ({@link Counts}); only the values that can make the top buckets are turned into strings. A path with
 * many distinct values (source addresses) over millions of events made a string and a map entry per value per
 * segment before (most of a 7-day aggregation's time).
 */
final class TermsAggregator implements Collector {
    /** Bucket order of Elasticsearch's terms aggregation: count descending, then key ascending. */
    static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::count).reversed()
            .thenComparing(Bucket::key, TermsAggregator::compareKeys);

    private final String path;
    private final Counts counts = new Counts();

    TermsAggregator(String path) {
        this.path = path;
    }

    static CollectorManager<TermsAggregator, Counts> manager(String path) {
        return new CollectorManager<>() {
            @Override
            public TermsAggregator newCollector() {
                return new TermsAggregator(path);
            }

            @Override
            public Counts reduce(Collection<TermsAggregator> collectors) {
                Counts total = new Counts();
                collectors.forEach(c -> total.addAll(c.counts));
                return total;
            }
        };
    }

    /** Counts by value: keyword and ip values by their bytes, numbers by value. Not thread-safe. */
    static final class Counts {
        private final Terms keywords = new Terms();
        private final Terms ips = new Terms();
        private final Map<Object, Long> numbers = new HashMap<>();

        /** Adds another segment's, slice's or partition's counts. */
        void addAll(Counts other) {
            keywords.addAll(other.keywords);
            ips.addAll(other.ips);
            other.numbers.forEach((k, v) -> numbers.merge(k, v, Long::sum));
        }

        /** The {@code size} biggest buckets in Elasticsearch's order. */
        List<Bucket> top(int size) {
            if (!keywords.isEmpty() && !ips.isEmpty()) {
                // The same string may be an ip in some documents and a keyword in others: one bucket, so every value
                // is decoded before the cut (rare: a path is one type in a well-formed stream).
                Map<Object, Long> all = new HashMap<>(numbers);
                keywords.decodeAll(TermsAggregator::keyword, all, Integer.MAX_VALUE);
                ips.decodeAll(TermsAggregator::ip, all, Integer.MAX_VALUE);
                return cut(all, size);
            }
            Map<Object, Long> candidates = new HashMap<>(numbers);
            // Values below the size-th biggest count cannot make the top buckets, whatever their keys.
            long floor = Math.max(keywords.countAt(size), ips.countAt(size));
            keywords.decodeAll(TermsAggregator::keyword, candidates, floor);
            ips.decodeAll(TermsAggregator::ip, candidates, floor);
            return cut(candidates, size);
        }

        private static List<Bucket> cut(Map<Object, Long> counts, int size) {
            List<Bucket> buckets = new ArrayList<>(counts.size());
            counts.forEach((k, v) -> buckets.add(new Bucket(k, v)));
            buckets.sort(ORDER);
            return buckets.size() > size ? List.copyOf(buckets.subList(0, size)) : buckets;
        }
    }

    /** Distinct byte values and how many documents hold each. */
    private static final class Terms {
        private final BytesRefHash values = new BytesRefHash();
        private long[] totals = new long[16];

        boolean isEmpty() {
            return values.size() == 0;
        }

        void add(BytesRef value, long count) {
            int id = values.add(value);
            if (id < 0) {
                id = -id - 1;
            } else {
                totals = ArrayUtil.grow(totals, id + 1);
            }
            totals[id] += count;
        }

        void addAll(Terms other) {
            BytesRef scratch = new BytesRef();
            for (int id = 0; id < other.values.size(); id++) {
                add(other.values.get(id, scratch), other.totals[id]);
            }
        }

        /** The {@code n}-th biggest count (1-based), or 0 when there are fewer values. */
        long countAt(int n) {
            int size = values.size();
            if (n <= 0 || n > size) {
                return 0;
            }
            LongHeap biggest = new LongHeap(n);
            for (int id = 0; id < size; id++) {
                biggest.insertWithOverflow(totals[id]);
            }
            return biggest.top();
        }

        /** Puts every value counted at least {@code floor} times into {@code into}, as the key {@code decode} makes. */
        void decodeAll(Function<BytesRef, Object> decode, Map<Object, Long> into, long floor) {
            BytesRef scratch = new BytesRef();
            for (int id = 0; id < values.size(); id++) {
                if (totals[id] >= floor) {
                    into.merge(decode.apply(values.get(id, scratch)), totals[id], Long::sum);
                }
            }
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
        SortedSetDocValues keywords = DocValues.getSortedSet(reader, Encoding.KEYWORD.field(path));
        SortedSetDocValues ips = DocValues.getSortedSet(reader, Encoding.IP.field(path));
        SortedNumericDocValues dates = numbers(reader, Encoding.DATE.field(path));
        SortedNumericDocValues longs = numbers(reader, Encoding.LONG.field(path));
        SortedNumericDocValues doubles = numbers(reader, Encoding.DOUBLE.field(path));
        int[] keywordCounts = new int[Math.toIntExact(keywords.getValueCount())];
        int[] ipCounts = new int[Math.toIntExact(ips.getValueCount())];
        return new LeafCollector() {
            @Override
            public void setScorer(Scorable scorer) {}

            @Override
            public void collect(int doc) throws IOException {
                countOrds(keywords, keywordCounts, doc);
                countOrds(ips, ipCounts, doc);
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
                addOrds(keywords, keywordCounts, counts.keywords);
                addOrds(ips, ipCounts, counts.ips);
            }
        };
    }

    /** The path's numbers in this segment, or null when no document of it has any (nothing to ask per document). */
    private static SortedNumericDocValues numbers(LeafReader reader, String field) throws IOException {
        return reader.getFieldInfos().fieldInfo(field) == null ? null : DocValues.getSortedNumeric(reader, field);
    }

    private static void countOrds(SortedSetDocValues values, int[] ordCounts, int doc) throws IOException {
        if (ordCounts.length > 0 && values.advanceExact(doc)) {
            for (int i = 0; i < values.docValueCount(); i++) {
                ordCounts[(int) values.nextOrd()]++;
            }
        }
    }

    private static void addOrds(SortedSetDocValues values, int[] ordCounts, Terms into) throws IOException {
        for (int ord = 0; ord < ordCounts.length; ord++) {
            if (ordCounts[ord] > 0) {
                into.add(values.lookupOrd(ord), ordCounts[ord]);
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
                    counts.numbers.merge(key.apply(v), 1L, Long::sum);
                }
                previous = v;
            }
        }
    }
}
