package org.rampart.store.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import org.rampart.query.Bucket;

/**
 * Elasticsearch's {@code terms} aggregation over doc values: per value of a path, how many matching documents
 * hold it. Keyword and ip values count as strings, dates as epoch milliseconds, numbers as numbers.
 */
final class TermsAggregator implements Collector {
    /** Bucket order of Elasticsearch's terms aggregation: count descending, then key ascending. */
    static final Comparator<Bucket> ORDER = Comparator.comparingLong(Bucket::count).reversed()
            .thenComparing(Bucket::key, TermsAggregator::compareKeys);

    private final String path;
    private final Map<Object, Long> counts = new HashMap<>();

    TermsAggregator(String path) {
        this.path = path;
    }

    static CollectorManager<TermsAggregator, Map<Object, Long>> manager(String path) {
        return new CollectorManager<>() {
            @Override
            public TermsAggregator newCollector() {
                return new TermsAggregator(path);
            }

            @Override
            public Map<Object, Long> reduce(Collection<TermsAggregator> collectors) {
                Map<Object, Long> total = new HashMap<>();
                collectors.forEach(c -> c.counts.forEach((k, v) -> total.merge(k, v, Long::sum)));
                return total;
            }
        };
    }

    /** Adds one partition's counts to a running total. */
    static void addTo(Map<Object, Long> total, Map<Object, Long> counts) {
        counts.forEach((k, v) -> total.merge(k, v, Long::sum));
    }

    /** The {@code size} biggest buckets in Elasticsearch's order. */
    static List<Bucket> top(Map<Object, Long> counts, int size) {
        List<Bucket> buckets = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> buckets.add(new Bucket(k, v)));
        buckets.sort(ORDER);
        return buckets.size() > size ? List.copyOf(buckets.subList(0, size)) : buckets;
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
        SortedNumericDocValues dates = DocValues.getSortedNumeric(reader, Encoding.DATE.field(path));
        SortedNumericDocValues longs = DocValues.getSortedNumeric(reader, Encoding.LONG.field(path));
        SortedNumericDocValues doubles = DocValues.getSortedNumeric(reader, Encoding.DOUBLE.field(path));
        int[] keywordCounts = new int[Math.toIntExact(keywords.getValueCount())];
        int[] ipCounts = new int[Math.toIntExact(ips.getValueCount())];
        return new LeafCollector() {
            @Override
            public void setScorer(Scorable scorer) {}

            @Override
            public void collect(int doc) throws IOException {
                countOrds(keywords, keywordCounts, doc);
                countOrds(ips, ipCounts, doc);
                countNumbers(dates, doc, v -> v);
                countNumbers(longs, doc, v -> v);
                countNumbers(doubles, doc, NumericUtils::sortableLongToDouble);
            }

            @Override
            public void finish() throws IOException {
                for (int ord = 0; ord < keywordCounts.length; ord++) {
                    if (keywordCounts[ord] > 0) {
                        counts.merge(keywords.lookupOrd(ord).utf8ToString(), (long) keywordCounts[ord], Long::sum);
                    }
                }
                for (int ord = 0; ord < ipCounts.length; ord++) {
                    if (ipCounts[ord] > 0) {
                        BytesRef bytes = ips.lookupOrd(ord);
                        byte[] encoded = new byte[bytes.length];
                        System.arraycopy(bytes.bytes, bytes.offset, encoded, 0, bytes.length);
                        counts.merge(InetAddressPoint.decode(encoded).getHostAddress(), (long) ipCounts[ord],
                                Long::sum);
                    }
                }
            }
        };
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
                    counts.merge(key.apply(v), 1L, Long::sum);
                }
                previous = v;
            }
        }
    }
}
