package org.rampart.store.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.rampart.event.datadir.PrivateFiles;

/** One Lucene index (a folder): {@code events-YYYYMMDD}, {@code alerts-YYYYMM} or a plain index. */
final class Partition implements Closeable {
    final String name;
    final Mapping mapping;
    private final Directory directory;
    private final IndexWriter writer;
    private final SnapshotDeletionPolicy commits;
    private final SearcherManager searchers;
    /** Writes so far, and writes the current searcher sees: lets refresh skip partitions with nothing new. */
    private final AtomicLong written = new AtomicLong();
    private volatile long visible;
    private volatile FieldsCache fieldsCache;
    /** When the partition was last written or searched, by the store clock: idle partitions get closed. */
    private volatile long lastUsedMillis;
    /** When it was last written, or opened (a write may have come just before a restart), by the store clock. */
    private volatile long lastWrittenMillis;
    /** A merge down to one segment is running: closing aborts it instead of waiting for it. */
    private volatile boolean merging;

    private record FieldsCache(IndexReader reader, PartitionFields fields) {}

    /** Work done with a searcher that is released afterwards. */
    interface SearcherWork<T> {
        T run(IndexSearcher searcher, PartitionFields fields) throws IOException;
    }

    private Partition(String name, Directory directory, IndexWriter writer, SnapshotDeletionPolicy commits,
                      SearcherManager searchers) {
        this.name = name;
        this.mapping = Mapping.forIndex(name);
        this.directory = directory;
        this.writer = writer;
        this.commits = commits;
        this.searchers = searchers;
    }

    static Partition open(String name, Path folder, Analyzer analyzer, double ramBufferMb) throws IOException {
        PrivateFiles.createDirectories(folder);
        Directory directory = new OwnerOnlyDirectory(FSDirectory.open(folder));
        IndexWriter writer = null;
        try {
            // Snapshots hold a commit point so that neither merges nor later commits delete the files being copied.
            SnapshotDeletionPolicy commits = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(ramBufferMb)
                    .setMergePolicy(mergePolicy())
                    .setIndexDeletionPolicy(commits);
            writer = new IndexWriter(directory, config);
            return new Partition(name, directory, writer, commits, new SearcherManager(writer, null));
        } catch (IOException | RuntimeException e) {
            try (directory) {
                if (writer != null) {
                    writer.rollback();
                }
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A partition is append-mostly and refreshed twice a second, which makes many small segments; merging them
     * in wider tiers rewrites each document fewer times (merges were a fifth of the CPU under load).
     */
    private static TieredMergePolicy mergePolicy() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setSegmentsPerTier(25);
        return policy;
    }

    void used(long nowMillis) {
        lastUsedMillis = nowMillis;
    }

    void wroteAt(long nowMillis) {
        lastWrittenMillis = nowMillis;
    }

    boolean writtenSince(long cutoffMillis) {
        return lastWrittenMillis > cutoffMillis;
    }

    boolean merging() {
        return merging;
    }

    /** Marks a merge as started; call while the store cannot close (under its lifecycle lock). */
    void mergeStarting() {
        merging = true;
    }

    /**
     * Merges every segment into one, commits it and makes searches use it; returns the segments there were. Meant for
     * a finished day: searches then read one segment's ordinals and terms instead of twenty. Closing the partition
     * meanwhile aborts the merge (an exception here), which loses nothing: the last commit stays.
     */
    int mergeToOneSegment() throws IOException {
        try {
            searchers.maybeRefreshBlocking();
            int before = segments();
            if (before > 1) {
                writer.forceMerge(1);
                writer.commit();
                searchers.maybeRefreshBlocking();
            }
            return before;
        } finally {
            merging = false;
        }
    }

    /** Segments the current searcher sees. */
    int segments() throws IOException {
        try (Held held = hold()) {
            return held.searcher().getIndexReader().leaves().size();
        }
    }

    boolean idleSince(long cutoffMillis) {
        return lastUsedMillis < cutoffMillis;
    }

    void append(List<Document> documents) throws IOException {
        if (!documents.isEmpty()) {
            writer.addDocuments(documents);
            written.incrementAndGet();
        }
    }

    void upsert(String id, Document document) throws IOException {
        writer.updateDocument(new Term(DocumentMapper.ID, id), document);
        written.incrementAndGet();
    }

    /** Writes so far: equal before and after some work, nothing was written meanwhile. */
    long writes() {
        return written.get();
    }

    boolean stale() {
        return written.get() != visible;
    }

    /** Makes the writes so far searchable; {@code wait} false skips if another refresh is running. */
    void refresh(boolean wait) throws IOException {
        long target = written.get();
        if (target == visible) {
            return;
        }
        if (wait) {
            searchers.maybeRefreshBlocking();
            visible = target;
        } else if (searchers.maybeRefresh()) {
            visible = target;
        }
    }

    /**
     * Commits what was written, or throws when the writer closed itself after an error (a full disk during a flush,
     * say): it then rolled back everything written since the last commit and reports no uncommitted changes, so a
     * quiet return would let the journal checkpoint past events the store no longer holds. They stay in the journal,
     * and a restart replays them.
     */
    void commit() throws IOException {
        boolean changes = writer.hasUncommittedChanges();
        // Checked after reading the changes: a writer that closed in between has rolled them back.
        if (!writer.isOpen()) {
            throw new IOException("partition " + name + ": the index writer closed after an error and lost what it had "
                    + "not committed; those events stay in the journal: restart Rampart to replay them", writer.getTragicException());
        }
        if (changes) {
            writer.commit();
        }
    }

    /**
     * Commits, then copies the files of that commit into {@code target} while writes go on, telling {@code copied}
     * the bytes of each file.
     */
    void snapshot(Path target, LongConsumer copied) throws IOException {
        writer.commit();
        IndexCommit commit = commits.snapshot();
        try (Directory out = new OwnerOnlyDirectory(FSDirectory.open(PrivateFiles.createDirectories(target)))) {
            for (String file : commit.getFileNames()) {
                out.copyFrom(directory, file, file, IOContext.DEFAULT);
                copied.accept(directory.fileLength(file));
            }
            out.sync(commit.getFileNames());
            out.syncMetaData();
        } finally {
            commits.release(commit);
            writer.deleteUnusedFiles();
        }
    }

    <T> T search(SearcherWork<T> work) throws IOException {
        try (Held held = hold()) {
            return work.run(held.searcher(), held.fields());
        }
    }

    /** A searcher kept (its documents' ids stay valid) until closed, with the fields it sees. */
    record Held(IndexSearcher searcher, PartitionFields fields, SearcherManager manager) implements Closeable {
        @Override
        public void close() throws IOException {
            manager.release(searcher);
        }
    }

    /** The current searcher, held until the returned {@link Held} is closed. */
    Held hold() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        return new Held(searcher, fields(searcher.getIndexReader()), searchers);
    }

    private PartitionFields fields(IndexReader reader) {
        FieldsCache cache = fieldsCache;
        if (cache == null || cache.reader() != reader) {
            cache = new FieldsCache(reader, new PartitionFields(reader));
            fieldsCache = cache;
        }
        return cache.fields();
    }

    /** Closes without committing: the partition is about to be deleted. */
    void discard() throws IOException {
        try (directory; searchers) {
            writer.rollback();
        }
    }

    @Override
    public void close() throws IOException {
        try (directory; writer; searchers) {
            writer.commit();
            if (merging) {
                // Everything is committed; a finished day's merge can run for seconds, so it is dropped, not waited for.
                writer.rollback();
            }
        }
    }
}
