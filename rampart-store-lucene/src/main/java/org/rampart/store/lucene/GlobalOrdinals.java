package org.rampart.store.lucene;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.packed.PackedInts;

/**
 * Global ordinals (Lucene's {@link OrdinalMap}) of a doc-values field over all segments of a partition's reader, kept
 * while that reader is open and within a memory budget, least recently used first out. With them a terms aggregation
 * sums a partition's counts by global ordinal and reads each counted value's bytes once per partition, instead of once
 * per segment (Elasticsearch's per-shard global ordinals). Built only for a reader no write has outdated: a partition
 * being written gets a new reader every refresh, and a map built for each would cost more than it saves.
 */
final class GlobalOrdinals {
    private final long budgetBytes;
    private final Map<Key, OrdinalMap> maps = new LinkedHashMap<>(16, 0.75f, true);
    /** Keys whose reader already tells us when it closes: a map evicted and built again adds no second listener. */
    private final Set<Key> watched = new HashSet<>();
    private long usedBytes;

    private record Key(IndexReader.CacheKey reader, String field) {}

    /** Keeps up to {@code budgetBytes} of maps. */
    GlobalOrdinals(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /**
     * The global ordinals of {@code field} over {@code reader}'s segments: kept ones, else built when {@code build}
     * allows; null when there are none to use or no segment has the field.
     */
    OrdinalMap get(IndexReader reader, String field, boolean build) throws IOException {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (helper == null) {
            return null;
        }
        Key key = new Key(helper.getKey(), field);
        synchronized (this) {
            OrdinalMap kept = maps.get(key);
            if (kept != null || !build) {
                return kept;
            }
        }
        List<LeafReaderContext> leaves = reader.leaves();
        if (leaves.size() < 2) {
            return null;    // one segment's ordinals are already the reader's
        }
        SortedSetDocValues[] values = new SortedSetDocValues[leaves.size()];
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
            values[i] = DocValues.getSortedSet(leaves.get(i).reader(), field);
            any |= values[i].getValueCount() > 0;
        }
        if (!any) {
            return null;
        }
        // Built outside the lock: two searches may both build the first map of a reader; one is kept.
        OrdinalMap map = OrdinalMap.build(key.reader(), values, PackedInts.DEFAULT);
        if (keep(key, map)) {
            helper.addClosedListener(closed -> forget(key));
        }
        return map;
    }

    /** Keeps the map within the budget; whether its reader still needs a closed listener. */
    private synchronized boolean keep(Key key, OrdinalMap map) {
        long size = map.ramBytesUsed();
        if (maps.containsKey(key) || size > budgetBytes) {
            return false;
        }
        maps.put(key, map);
        usedBytes += size;
        boolean unwatched = watched.add(key);
        for (Iterator<OrdinalMap> oldest = maps.values().iterator(); usedBytes > budgetBytes; ) {
            usedBytes -= oldest.next().ramBytesUsed();
            oldest.remove();
        }
        return unwatched;
    }

    private synchronized void forget(Key key) {
        watched.remove(key);
        OrdinalMap map = maps.remove(key);
        if (map != null) {
            usedBytes -= map.ramBytesUsed();
        }
    }

    /** Bytes held now, for tests. */
    synchronized long usedBytes() {
        return usedBytes;
    }
}
