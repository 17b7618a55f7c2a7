package org.rampart.pipeline.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which source position every batch before it has been indexed up to: batches are handed out in order but
 * may finish out of order across workers, and the checkpoint must never pass a batch still in work.
 */
final class BatchTracker {
    private static final class Pending {
        final long end;
        boolean done;

        Pending(long end) {
            this.end = end;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long indexedUpTo;

    BatchTracker(long start) {
        this.indexedUpTo = start;
    }

    /** Registers a batch just handed out; call in hand-out order. */
    Object started(long end) {
        lock.lock();
        try {
            Pending batch = new Pending(end);
            pending.addLast(batch);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    void finished(Object batch) {
        lock.lock();
        try {
            ((Pending) batch).done = true;
            while (!pending.isEmpty() && pending.peekFirst().done) {
                indexedUpTo = pending.removeFirst().end;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The position before which every batch has been indexed. */
    long indexedUpTo() {
        lock.lock();
        try {
            return indexedUpTo;
        } finally {
            lock.unlock();
        }
    }

    boolean idle() {
        lock.lock();
        try {
            return pending.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
