package org.rampart.pipeline.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.rampart.query.EventStore;
import org.rampart.query.IndexRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads that move events from the source (the journal) through the {@link EventProcessor} into the
 * store, and the periodic commit: {@code store.commit()}, then a source checkpoint up to the last position below
 * which every batch was indexed before that commit. Events are never skipped: a failing event is stored raw, and a
 * store that keeps failing stops progress (and so the checkpoint) instead of losing anything.
 */
public final class PipelineWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWorkers.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int BATCH_ATTEMPTS = 3;

    /**
     * @param workers        worker threads ({@code pipeline.workers})
     * @param batchSize      most events taken and written at once ({@code pipeline.batch_size})
     * @param commitInterval how often the store commits and the source is checkpointed ({@code store.commit_interval})
     */
    public record Settings(int workers, int batchSize, Duration commitInterval) {
        public Settings {
            if (workers < 1 || batchSize < 1 || commitInterval.isNegative() || commitInterval.isZero()) {
                throw new IllegalArgumentException("pipeline.workers and pipeline.batch_size must be at least 1 and "
                        + "store.commit_interval positive: " + workers + ", " + batchSize + ", " + commitInterval);
            }
        }
    }

    private final EventSource source;
    private final EventProcessor processor;
    private final EventStore store;
    private final Settings settings;
    private final BatchTracker tracker;
    private final ReentrantLock handOut = new ReentrantLock();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService committer;
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean draining;
    private volatile long checkpointed;

    private PipelineWorkers(EventSource source, long start, EventProcessor processor, EventStore store, Settings settings) {
        this.source = source;
        this.processor = processor;
        this.store = store;
        this.settings = settings;
        this.tracker = new BatchTracker(start);
        this.checkpointed = start;
        this.committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rampart-commit");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the workers.
     *
     * @param start the source position the first batch starts at (the source's checkpoint)
     */
    public static PipelineWorkers start(EventSource source, long start, EventProcessor processor, EventStore store,
            Settings settings) {
        PipelineWorkers workers = new PipelineWorkers(source, start, processor, store, settings);
        for (int i = 0; i < settings.workers(); i++) {
            Thread thread = new Thread(workers::run, "rampart-worker-" + i);
            workers.threads.add(thread);
            thread.start();
        }
        long millis = settings.commitInterval().toMillis();
        workers.committer.scheduleWithFixedDelay(workers::commitQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return workers;
    }

    private void run() {
        while (true) {
            SourceBatch batch;
            Object pending;
            handOut.lock();
            try {
                batch = source.next(settings.batchSize(), POLL);
                if (batch.events().isEmpty()) {
                    if (draining) {
                        return;
                    }
                    continue;
                }
                pending = tracker.started(batch.end());
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("reading the journal failed; retrying", e);
                if (!pause(1_000)) {
                    return;
                }
                continue;
            } finally {
                handOut.unlock();
            }
            if (!write(batch)) {
                return; // interrupted while the store was failing: the batch stays unconfirmed and is replayed
            }
            tracker.finished(pending);
        }
    }

    /**
     * Processes and writes the batch; false when interrupted while the store was failing. A batch the store
     * refuses a few times is written event by event, and an event it refuses alone goes in raw, as an error event.
     */
    private boolean write(SourceBatch batch) {
        List<IndexRequest> requests = new ArrayList<>(batch.events().size());
        for (SourceEvent event : batch.events()) {
            IndexRequest request = processor.process(event);
            if (request == null) {
                dropped.incrementAndGet();
            } else {
                requests.add(request);
            }
        }
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                store.index(requests);
                indexed.addAndGet(requests.size());
                return true;
            } catch (RuntimeException e) {
                if (attempt == BATCH_ATTEMPTS) {
                    LOG.warn("writing a batch of {} events failed {} times; writing them one by one", requests.size(), attempt, e);
                    break;
                }
                if (!pause(backoff)) {
                    return false;
                }
                backoff *= 2;
            }
        }
        for (IndexRequest request : requests) {
            try {
                store.index(List.of(request));
                indexed.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.warn("the store refused event {}; storing it raw with tag {}", request.id(), EventProcessor.ERROR_TAG, e);
                if (!writeUntilAccepted(processor.failed(original(batch, request), "the store refused it: " + e.getMessage()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The journaled event a request came from; a plugin may have given it another id, then its processed form. */
    private static SourceEvent original(SourceBatch batch, IndexRequest request) {
        for (SourceEvent event : batch.events()) {
            if (event.id().equals(request.id())) {
                return event;
            }
        }
        return new SourceEvent(request.id(), batch.events().getFirst().received(),
                request.source().toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private boolean writeUntilAccepted(IndexRequest request) {
        long backoff = 100;
        while (true) {
            try {
                store.index(List.of(request));
                indexed.incrementAndGet();
                return true;
            } catch (RuntimeException e) {
                LOG.error("the store refuses writes; retrying in {} ms", backoff, e);
                if (!pause(backoff)) {
                    return false;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Commits the store, then checkpoints the source up to where everything was indexed before the commit. */
    public void commit() throws IOException {
        commitLock.lock();
        try {
            long upTo = tracker.indexedUpTo();
            if (upTo <= checkpointed) {
                return;
            }
            store.commit();
            source.checkpoint(upTo);
            checkpointed = upTo;
        } finally {
            commitLock.unlock();
        }
    }

    private void commitQuietly() {
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            LOG.error("commit or journal checkpoint failed; the journal keeps the events until the next one succeeds", e);
        }
    }

    /** Events written to the store so far. */
    public long indexed() {
        return indexed.get();
    }

    /** Events dropped by a plugin so far. */
    public long dropped() {
        return dropped.get();
    }

    /** The source position checkpointed last. */
    public long checkpointed() {
        return checkpointed;
    }

    /**
     * Lets the workers take what the source still has (stop its producers first), waits up to {@code timeout},
     * then commits and checkpoints what was indexed. Work not finished in time stays in the source for next start.
     */
    public void drainAndStop(Duration timeout) throws IOException, InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Duration.ofNanos(left));
            }
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                LOG.warn("worker {} did not finish draining in {}; what it holds is replayed at next start", thread.getName(), timeout);
                thread.interrupt();
                thread.join();
            }
        }
        committer.shutdown();
        committer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        commit();
    }

    /** Drains for up to 30 s; see {@link #drainAndStop}. */
    @Override
    public void close() throws IOException, InterruptedException {
        drainAndStop(Duration.ofSeconds(30));
    }
}
