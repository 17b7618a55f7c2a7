package org.rampart.alerts.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.rampart.alerts.AlertWriter;
import org.rampart.alerts.AlertWriter.RaisedAlert;
import org.rampart.event.Json;
import org.rampart.query.IndexRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming rules on the ingest path, with only the cheap part on it. On the pipeline worker, before a batch is
 * written: match every event ({@link StreamingRules}), tag a matching event in place with the alert's name and its
 * replay-safe reference ({@link AlertWriter#raise}), and queue the alert. On this class's own thread: alert plugins,
 * suppression search, save, alert actions ({@link AlertWriter#saveRaised}), then one refresh of the {@code alerts}
 * index per batch of saves, so a slow alert plugin no longer slows ingestion.
 *
 * <p>Nothing raised is lost to a crash: the pipeline calls {@link #awaitSaved} before each store commit, and checkpoints
 * its source only after that commit, so an event whose alert is not saved and committed yet stays in the journal and is
 * replayed, raising the same alert (same id) again. A full queue ({@code capacity}) makes the worker wait rather than
 * drop an alert. A save that still fails after a few attempts is logged and counted in {@link Stats#failed}.
 */
public final class StreamingAlerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingAlerts.class);
    private static final int SAVE_ATTEMPTS = 3;
    private static final int MAX_SAVES_PER_REFRESH = 256;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Counters since start, for tests and the health page.
     *
     * @param raised   alerts the rules raised on ingested events
     * @param saved    of those, saved
     * @param notSaved of those, dropped by an alert plugin or suppressed (their events keep the reference)
     * @param failed   of those, not saved because saving kept failing, or raising did
     * @param pending  raised and not handled yet
     */
    public record Stats(long raised, long saved, long notSaved, long failed, long pending) {}

    private final StreamingRules rules;
    private final AlertWriter writer;
    private final BlockingQueue<RaisedAlert> queue;
    private final Thread saver;
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong saved = new AtomicLong();
    private final AtomicLong notSaved = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Raised alerts handled (saved, not saved or failed): the saver handles them in queue order. */
    private long handled;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private volatile boolean closing;

    /** Starts the saver thread; at most {@code capacity} raised alerts wait for it. */
    public StreamingAlerts(StreamingRules rules, AlertWriter writer, int capacity) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.saver = new Thread(this::saveLoop, "rampart-streaming-alerts");
        saver.setDaemon(true);
        saver.start();
    }

    /**
     * The pipeline's hook before it writes a batch, on its worker thread: evaluates the rules on every event, tags the
     * events that raise an alert, queues the alerts. Never throws: an event the rules fail on is stored without an alert.
     */
    public void beforeWrite(List<IndexRequest> batch) {
        if (rules.size() == 0) {
            return;
        }
        for (IndexRequest request : batch) {
            List<ObjectNode> alerts;
            try {
                alerts = rules.match(request.index(), request.id(), request.source());
            } catch (RuntimeException e) {
                LOG.error("streaming rules failed on event {}; it is stored without an alert", request.id(), e);
                continue;
            }
            for (ObjectNode alert : alerts) {
                raised.incrementAndGet();
                try {
                    ObjectNode hit = Json.object().put("_index", request.index()).put("_id", request.id());
                    hit.set("_source", request.source());
                    enqueue(writer.raise(alert, hit));
                } catch (RuntimeException e) {
                    LOG.error("raising alert {} on event {} failed; the event is stored without it",
                            alert.path("classname").asText(), request.id(), e);
                    finished(failed);
                }
            }
        }
    }

    private void enqueue(RaisedAlert alert) {
        try {
            queue.put(alert);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the streaming alert queue was full", e);
        }
    }

    /**
     * Waits until every alert raised before this call is saved (and searchable), not saved, or failed. The pipeline
     * calls it before each store commit, so the commit makes those alerts durable before the checkpoint.
     */
    public void awaitSaved() throws InterruptedException {
        long target = raised.get();
        lock.lock();
        try {
            while (handled < target) {
                progress.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counters since start. */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(raised.get(), saved.get(), notSaved.get(), failed.get(), raised.get() - handled);
        } finally {
            lock.unlock();
        }
    }

    private void saveLoop() {
        List<RaisedAlert> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                RaisedAlert first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_SAVES_PER_REFRESH - 1);
            List<AtomicLong> outcomes = new ArrayList<>(batch.size());
            boolean anySaved = false;
            for (RaisedAlert alert : batch) {
                AtomicLong outcome = save(alert);
                anySaved |= outcome == saved;
                outcomes.add(outcome);
            }
            if (anySaved) {
                try {
                    writer.refreshAlerts();
                } catch (RuntimeException e) {
                    LOG.warn("refreshing the alerts index failed; the saved alerts show at the next periodic refresh", e);
                }
            }
            outcomes.forEach(this::finished);
            batch.clear();
        }
    }

    /** Saves one raised alert, retrying a failing store; returns the counter of its outcome. */
    private AtomicLong save(RaisedAlert alert) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writer.saveRaised(alert).isPresent() ? saved : notSaved;
            } catch (RuntimeException e) {
                if (attempt == SAVE_ATTEMPTS) {
                    LOG.error("streaming alert {} ({}) not saved after {} attempts; its event is tagged with it",
                            alert.id(), alert.alert().path("classname").asText(), attempt, e);
                    return failed;
                }
                LOG.warn("saving streaming alert {} failed (attempt {} of {}); retrying", alert.id(), attempt,
                        SAVE_ATTEMPTS, e);
            }
        }
    }

    private void finished(AtomicLong outcome) {
        lock.lock();
        try {
            outcome.incrementAndGet();
            handled++;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Saves what is queued, then stops the saver (waiting at most 30 s; what is left is replayed from the journal). */
    @Override
    public void close() {
        closing = true;
        try {
            saver.join(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (saver.isAlive()) {
            LOG.error("streaming alerts: {} raised alerts not saved before shutdown; their events are replayed at next"
                    + " start if they were not checkpointed", queue.size());
        }
    }
}
