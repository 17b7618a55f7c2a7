package org.rampart.store.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.rampart.event.Json;
import org.rampart.query.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's bulk writer: documents wait in a buffer until {@code bulk_amount} of them are there, or until the store's
 * timer ({@code bulk_refresh_time}), a {@code commit()} or a {@code refresh()} sends them. Sends run concurrently; a
 * flush waits for every send in flight, so after it returns every document handed in before is acknowledged by the
 * cluster (durable: the translog is synced before the reply). Documents a failed send could not write go back to the
 * buffer, so none is lost; the failure is thrown to the caller. The buffer holds one document per index and id, the
 * last one handed in, so a caller that hands a batch in again while the cluster is down does not grow it.
 */
final class BulkWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
    /** Attempts for documents the cluster answers 429 or 5xx for (back-pressure, a node restarting). */
    private static final int ATTEMPTS = 5;

    /** One document to write into a concrete (prefixed) index. */
    record Doc(String index, String id, byte[] source) {
        Key key() {
            return new Key(index, id);
        }
    }

    private record Key(String index, String id) {}

    private final OpenSearchClient client;
    private final int bulkAmount;
    /** Where documents go that the mapping rejects (a field that is a string in one event and an object in another). */
    private final Consumer<List<Rejected>> rejects;
    private final Object lock = new Object();
    private Map<Key, Doc> pending = new LinkedHashMap<>();
    /** Sends hold it shared; a flush takes it alone to wait for them. */
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();

    /** A document the mapping refused, with the cluster's reason. */
    record Rejected(Doc doc, String reason) {}

    BulkWriter(OpenSearchClient client, int bulkAmount, Consumer<List<Rejected>> rejects) {
        this.client = client;
        this.bulkAmount = bulkAmount;
        this.rejects = rejects;
    }

    /** Buffers the documents; sends the buffer when it holds {@code bulk_amount} or more. */
    void add(List<Doc> docs) {
        List<Doc> full = null;
        synchronized (lock) {
            docs.forEach(doc -> pending.put(doc.key(), doc));
            if (pending.size() >= bulkAmount) {
                full = take();
            }
        }
        if (full != null) {
            send(full);
        }
    }

    /** Sends the buffer and waits for every send in flight. */
    void flush() {
        List<Doc> docs;
        synchronized (lock) {
            docs = take();
        }
        if (!docs.isEmpty()) {
            send(docs);
        }
        inFlight.writeLock().lock();
        inFlight.writeLock().unlock();
    }

    private List<Doc> take() {
        List<Doc> taken = new ArrayList<>(pending.values());
        pending = new LinkedHashMap<>();
        return taken;
    }

    /** Puts documents a send could not write back in front of the buffer, unless a newer version was handed in since. */
    private void putBack(List<Doc> docs) {
        synchronized (lock) {
            Map<Key, Doc> merged = new LinkedHashMap<>();
            docs.forEach(doc -> merged.put(doc.key(), doc));
            merged.putAll(pending);
            pending = merged;
        }
    }

    private void send(List<Doc> docs) {
        inFlight.readLock().lock();
        try {
            for (int from = 0; from < docs.size(); from += bulkAmount) {
                List<Doc> chunk = docs.subList(from, Math.min(docs.size(), from + bulkAmount));
                try {
                    write(chunk);
                } catch (RuntimeException e) {
                    putBack(docs.subList(from, docs.size()));
                    throw e;
                }
            }
        } finally {
            inFlight.readLock().unlock();
        }
    }

    /** One bulk request, retrying the documents the cluster could not take now. */
    private void write(List<Doc> docs) {
        List<Doc> todo = docs;
        for (int attempt = 1; ; attempt++) {
            JsonNode reply = client.expect(client.bulk("/_bulk", ndjson(todo)), "write a bulk of " + todo.size()
                    + " documents");
            List<Doc> retry = new ArrayList<>();
            String retryReason = "";
            List<Rejected> rejected = new ArrayList<>();
            JsonNode items = reply.path("items");
            for (int i = 0; i < todo.size(); i++) {
                JsonNode item = items.path(i).path("index");
                int status = item.path("status").asInt(500);
                // A blocked index (read-only, flood-stage disk) takes the document once the block is lifted.
                if (status == 429 || status >= 500 || OpenSearchClient.Reply.blocked(item)) {
                    retry.add(todo.get(i));
                    retryReason = new OpenSearchClient.Reply(status, item).reason();
                } else if (status >= 400) {
                    rejected.add(new Rejected(todo.get(i), new OpenSearchClient.Reply(status, item).reason()));
                }
            }
            if (!rejected.isEmpty()) {
                rejects.accept(rejected);
            }
            if (retry.isEmpty()) {
                return;
            }
            if (attempt == ATTEMPTS) {
                throw new StoreUnavailableException("OpenSearch did not take " + retry.size() + " documents after "
                        + ATTEMPTS + " attempts (busy, failing or blocked: " + retryReason + "); they stay buffered"
                        + " for the next flush");
            }
            LOG.debug("OpenSearch asked to retry {} documents", retry.size());
            sleep(100L << attempt);
            todo = retry;
        }
    }

    private static byte[] ndjson(List<Doc> docs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(docs.size() * 512);
        try {
            for (Doc doc : docs) {
                ObjectNode action = Json.object();
                ObjectNode meta = action.putObject("index");
                meta.put("_index", doc.index());
                if (doc.id() != null) {
                    meta.put("_id", doc.id());
                }
                Json.MAPPER.writeValue(out, action);
                out.write('\n');
                out.write(doc.source());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a bulk write", e);
        }
    }
}
