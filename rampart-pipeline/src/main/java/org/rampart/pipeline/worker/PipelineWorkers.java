package org.rampart.pipeline.worker;

import java.io.IOException;
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
import org.rampart.query.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads that move events from the source (the journal) through the {@link EventProcessor} into the
 * store, and the periodic commit: {@code store.commit()}, then a source checkpoint up to the last position below
 * which every batch was indexed before that commit. Events are never skipped: an event the store refuses is stored raw,
 * and a store that is unavailable stops progress (and so the checkpoint) until it is back, instead of losing anything.
 */
public final class PipelineWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWorkers.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int BATCH_ATTEMPTS = 3;
    /** How long a stopped worker may take to finish the store write in hand. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

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
    private final WriteObserver observer;
    private final BatchTracker tracker;
    private final ReentrantLock handOut = new ReentrantLock();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService committer;
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private volatile boolean draining;
    /** Set when draining took too long: workers finish the write in hand and leave. Never interrupt them: an
     * interrupt during file I/O closes the channel under Lucene (a tragic IndexWriter error) and under the journal. */
    private volatile boolean stopped;
    private volatile long checkpointed;

    private PipelineWorkers(EventSource source, long start, EventProcessor processor, EventStore store, Settings settings,
            WriteObserver observer) {
        this.source = source;
        this.processor = processor;
        this.store = store;
        this.settings = settings;
        this.observer = observer;
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
        return start(source, start, processor, store, settings, batch -> {});
    }

    /** Starts the workers, with {@code observer} watching every batch written and every commit. */
    public static PipelineWorkers start(EventSource source, long start, EventProcessor processor, EventStore store,
            Settings settings, WriteObserver observer) {
        PipelineWorkers workers = new PipelineWorkers(source, start, processor, store, settings, observer);
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
        while (!stopped) {
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
                return; // stopped while the store was failing: the batch stays unconfirmed and is replayed
            }
            tracker.finished(pending);
        }
    }

    /**
     * Processes and writes the batch; false when stopped while the store was failing. While the store is unavailable
     * ({@link StoreUnavailableException}: stopped, unreachable, overloaded, blocked) the write waits and is tried again,
     * for as long as it takes: the events stay in the journal, and intake answers 503 once it holds
     * {@code journal.max_unconsumed}. A batch the store refuses a few times for another reason is written event by
     * event, and an event it refuses alone (its content: a mapping conflict, a bad id) goes in raw, as an error event.
     */
    private boolean write(SourceBatch batch) {
        List<IndexRequest> requests = new ArrayList<>(batch.events().size());
        List<SourceEvent> origins = new ArrayList<>(batch.events().size());
        for (SourceEvent event : batch.events()) {
            IndexRequest request = processor.process(event);
            if (request == null) {
                dropped.incrementAndGet();
            } else {
                requests.add(request);
                origins.add(event);
            }
        }
        inspect(requests);
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return writeWaitingOutOutages(requests);
            } catch (RuntimeException e) {
                requests = asUpserts(requests);
                if (attempt == BATCH_ATTEMPTS) {
                    LOG.warn("the store refused a batch of {} events {} times; writing them one by one", requests.size(), attempt, e);
                    break;
                }
                if (!pause(backoff)) {
                    return false;
                }
                backoff *= 2;
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            IndexRequest request = requests.get(i);
            try {
                if (!writeWaitingOutOutages(List.of(request))) {
                    return false;
                }
            } catch (RuntimeException e) {
                LOG.warn("the store refused event {}; storing it raw with tag {}", request.id(), EventProcessor.ERROR_TAG, e);
                // Under the intake id, as journaled: the id a plugin chose may be what the store refused.
                SourceEvent origin = origins.get(i);
                IndexRequest raw = processor.failed(new SourceEvent(origin.id(), origin.received(), origin.json(), true),
                        "the store refused it: " + e.getMessage());
                if (!writeUntilAccepted(raw)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A failed write may be partly done: from then on every write of these requests replaces by id. */
    private static List<IndexRequest> asUpserts(List<IndexRequest> requests) {
        return requests.stream().map(r -> new IndexRequest(r.index(), r.id(), r.source(), true)).toList();
    }

    /**
     * Writes the requests, waiting with a growing pause while the store is unavailable; false when stopped meanwhile.
     * Any other failure is thrown: the store refused something in the requests.
     */
    private boolean writeWaitingOutOutages(List<IndexRequest> requests) {
        return writeRetrying(requests, false);
    }

    /** Writes a raw error event, trying again on any failure: a raw event is plain text the store always takes. */
    private boolean writeUntilAccepted(IndexRequest request) {
        return writeRetrying(List.of(request), true);
    }

    /**
     * Writes the requests, trying again with a growing pause (up to {@link #MAX_BACKOFF_MILLIS}) while the store is
     * unavailable, or after any failure when {@code anyFailure}; false when stopped meanwhile. Other failures are thrown.
     */
    private boolean writeRetrying(List<IndexRequest> requests, boolean anyFailure) {
        List<IndexRequest> attempt = requests;
        long backoff = 100;
        while (true) {
            try {
                store.index(attempt);
                indexed.addAndGet(attempt.size());
                return true;
            } catch (StoreUnavailableException e) {
                outages.incrementAndGet();
                LOG.warn("the store is unavailable; {} events wait in the journal, tried again in {} ms: {}",
                        attempt.size(), backoff, e.getMessage());
            } catch (RuntimeException e) {
                if (!anyFailure) {
                    throw e;
                }
                LOG.error("the store refuses writes; retrying in {} ms", backoff, e);
            }
            if (attempt == requests) {
                attempt = asUpserts(requests);
            }
            if (!pause(backoff)) {
                return false;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private void inspect(List<IndexRequest> requests) {
        if (requests.isEmpty()) {
            return;
        }
        try {
            observer.beforeWrite(requests);
        } catch (RuntimeException e) {
            LOG.error("the before-write hook failed on a batch of {} events; they are written as they are", requests.size(), e);
        }
    }

    /** Sleeps, but no longer than until the workers are stopped; false when they are. */
    private boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Lets the observer finish what it started for the batches written ({@link WriteObserver#beforeCommit}), commits the
     * store, then checkpoints the source up to where everything was indexed before the commit.
     */
    public void commit() throws IOException {
        commitLock.lock();
        try {
            long upTo = tracker.indexedUpTo();
            if (upTo <= checkpointed) {
                return;
            }
            observer.beforeCommit();
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

    /** Writes the store refused as unavailable so far (each one waited and was tried again). */
    public long unavailableWrites() {
        return outages.get();
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
        stopped = true;
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                LOG.warn("worker {} did not finish draining in {}; what it has not written is replayed at next start",
                        thread.getName(), timeout);
                thread.join(STOP_GRACE);
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
