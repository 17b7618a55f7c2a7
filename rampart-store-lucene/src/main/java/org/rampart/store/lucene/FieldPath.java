package org.rampart.store.lucene;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dotted JSON path and its Lucene field names, made once per distinct path rather than concatenated again for every
 * value of every event ({@link DocumentMapper} walks each event's keys under their parents). Events bring a few
 * hundred distinct paths; their keys are attacker-controlled, so past {@link #MAX_KEPT} kept paths, or past the
 * mapper's path length bound, a new one is made for its use only. Thread-safe.
 */
final class FieldPath {
    /** Paths kept over the JVM's life; beyond, new paths cost what they cost before this cache. */
    static final int MAX_KEPT = 20_000;
    private static final AtomicInteger KEPT = new AtomicInteger();
    private static final Encoding[] ENCODINGS = Encoding.values();

    /** The document's top level, the parent of its keys. */
    static final FieldPath ROOT = new FieldPath("");

    final String path;
    /** Per {@link Encoding}, its field name once asked for; a race makes the same string twice, harmlessly. */
    private final String[] fields = new String[ENCODINGS.length];
    private volatile Map<String, FieldPath> children;
    private FieldPath keywordPath;

    private FieldPath(String path) {
        this.path = path;
    }

    /** The path of {@code key} under this one. */
    FieldPath child(String key) {
        Map<String, FieldPath> kids = children;
        if (kids == null) {
            synchronized (this) {
                if (children == null) {
                    children = new ConcurrentHashMap<>();
                }
                kids = children;
            }
        }
        FieldPath known = kids.get(key);
        if (known != null) {
            return known;
        }
        FieldPath made = new FieldPath(path.isEmpty() ? key : path + "." + key);
        // A path the mapper will not index (too long) is never kept: its key may be as large as an event.
        if (made.path.length() > DocumentMapper.MAX_PATH || KEPT.get() >= MAX_KEPT) {
            return made;
        }
        FieldPath raced = kids.putIfAbsent(key, made);
        if (raced != null) {
            return raced;
        }
        KEPT.incrementAndGet();
        return made;
    }

    /** {@code path.keyword}, where a plain index keeps a string's exact value next to its text. */
    FieldPath keyword() {
        FieldPath k = keywordPath;
        if (k == null) {
            k = new FieldPath(path + ".keyword");
            keywordPath = k;
        }
        return k;
    }

    /** The Lucene field of this path in {@code encoding}. */
    String field(Encoding encoding) {
        String f = fields[encoding.ordinal()];
        if (f == null) {
            f = encoding.field(path);
            fields[encoding.ordinal()] = f;
        }
        return f;
    }
}
