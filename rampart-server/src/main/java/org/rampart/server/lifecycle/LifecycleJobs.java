package org.rampart.server.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rampart.alerts.schedule.CronSchedule;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's housekeeping on Rampart's own scheduler, where MozDef had cron scripts: {@link Retention} on the crontab
 * {@code lifecycle.schedule} (UTC). One ticker thread checks once a second; a failed run is logged and runs again at
 * the next due time.
 */
public final class LifecycleJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleJobs.class);

    private final EventStore store;
    private final Retention retention;
    private final CronSchedule schedule;
    private final Clock clock;
    private Instant nextRun;
    private volatile Retention.Run lastRetention;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Thread ticker;

    LifecycleJobs(EventStore store, Retention retention, CronSchedule schedule, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.schedule = schedule;
        this.clock = clock;
        this.nextRun = schedule.next(clock.instant());
    }

    /** Starts the jobs {@code lifecycle.*} describes on {@code store}. */
    public static LifecycleJobs start(RampartConfig config, EventStore store, Clock clock) {
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(config.string("lifecycle.schedule"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lifecycle.schedule: " + e.getMessage(), e);
        }
        LifecycleJobs jobs = new LifecycleJobs(store, Retention.of(config), schedule, clock);
        jobs.ticker = Thread.ofPlatform().name("rampart-lifecycle").daemon().start(jobs::tickEachSecond);
        return jobs;
    }

    private void tickEachSecond() {
        try {
            do {
                tick();
            } while (!stop.await(1000 - clock.millis() % 1000, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs retention if it is due; returns the run, if one happened. */
    synchronized Optional<Retention.Run> tick() {
        Instant now = clock.instant();
        if (now.isBefore(nextRun)) {
            return Optional.empty();
        }
        nextRun = schedule.next(now);
        try {
            Retention.Run run = retention.apply(store, now);
            LOG.info("retention: {} partition(s) pruned, {} bytes freed; next run {}", run.pruned().size(), run.bytes(), nextRun);
            lastRetention = run;
            return Optional.of(run);
        } catch (RuntimeException e) {
            LOG.error("retention failed; it runs again at {}", nextRun, e);
            return Optional.empty();
        }
    }

    /** The last retention run, for the health page and tests; empty before the first. */
    public Optional<Retention.Run> lastRetention() {
        return Optional.ofNullable(lastRetention);
    }

    /**
     * Stops the ticker and waits for a run in progress, so the store can be closed after. No interrupt: an interrupt
     * closes the file channels of the Lucene index a run may be using.
     */
    @Override
    public void close() {
        stop.countDown();
        Thread t = ticker;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
