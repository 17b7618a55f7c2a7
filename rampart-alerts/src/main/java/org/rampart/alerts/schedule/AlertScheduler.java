package org.rampart.alerts.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each alert on its crontab schedule, MozDef's celery beat in one class.
 *
 * <p>Every run gets its own virtual thread, so a slow alert never delays the others. An alert runs
 * at most once at a time: a tick that finds it still running is skipped and logged. A run that
 * throws is logged with its stack trace and simply runs again at its next tick. Schedules can be
 * read and changed while running ({@link #schedules()}, {@link #update}, {@link #sync}); the REST
 * routes {@code /alertschedules}, {@code /updatealertschedules} and {@code /syncalertschedules} call
 * these.
 */
public final class AlertScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertScheduler.class);

    private final Clock clock;
    private final Function<String, Callable<List<ObjectNode>>> alerts;
    private final TickClaims claims;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private Thread ticker;

    /**
     * @param clock the time schedules are evaluated against
     * @param alerts finds the run of an alert by name ({@code null} if there is no such alert); a run
     *     returns the alerts it created
     */
    public AlertScheduler(Clock clock, Function<String, Callable<List<ObjectNode>>> alerts) {
        this(clock, alerts, TickClaims.ALONE);
    }

    /**
     * As {@link #AlertScheduler(Clock, Function)}, sharing the ticks with the other schedulers of a cluster through
     * {@code claims}: a due tick runs here only when this node claims it, and ticks another node abandoned are taken over.
     */
    public AlertScheduler(Clock clock, Function<String, Callable<List<ObjectNode>>> alerts, TickClaims claims) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    /** Starts the ticker thread, which checks the schedules once a second. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("scheduler already started");
        }
        ticker = Thread.ofPlatform().name("alert-scheduler").daemon().start(() -> {
            while (!closed) {
                try {
                    tick();
                    // Crontab resolution is a minute; waking each second keeps runs within a second
                    // of their due time and picks up schedule edits without any signalling.
                    Thread.sleep(1000 - clock.millis() % 1000);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.error("alert scheduler tick failed; continuing", e);
                }
            }
        });
    }

    /** Starts every alert whose time has come; returns the names started. */
    synchronized List<String> tick() {
        Instant now = clock.instant();
        List<String> startedNow = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (now.isBefore(entry.nextRun)) {
                continue;
            }
            Instant due = entry.nextRun;
            entry.nextRun = entry.schedule.next(now);
            if (!entry.enabled) {
                continue;
            }
            if (!entry.running.compareAndSet(false, true)) {
                entry.skipped++;
                LOG.warn("alert {} is still running since {}: skipping this tick", entry.name, entry.lastRun);
                continue;
            }
            TickClaims.Claim claim = claim(entry.name, due);
            if (claim == null) {
                entry.running.set(false); // another node runs this tick
                continue;
            }
            start(entry, now, claim, startedNow);
        }
        for (TickClaims.Claim claim : takeOver()) {
            Entry entry = entries.get(claim.alert());
            if (entry != null && entry.running.compareAndSet(false, true)) {
                LOG.warn("alert {}: running its tick of {}, which another node claimed and did not finish", entry.name,
                        claim.due());
                start(entry, now, claim, startedNow);
            } else {
                claim.finished(); // running here already, or no longer scheduled: nothing more to run for that tick
            }
        }
        return startedNow;
    }

    private void start(Entry entry, Instant now, TickClaims.Claim claim, List<String> startedNow) {
        entry.lastRun = now;
        startedNow.add(entry.name);
        runs.submit(() -> run(entry, now, claim));
    }

    /**
     * This node's claim of the tick, or null when another node has it. When the claims cannot be asked (shared state
     * unreachable) the tick runs here: an alert run twice is noise, one never run is a missed detection.
     */
    private TickClaims.Claim claim(String alert, Instant due) {
        try {
            return claims.claim(alert, due).orElse(null);
        } catch (RuntimeException e) {
            LOG.error("alert {}: cannot claim its tick of {}; running it here (another node may run it too)", alert, due, e);
            return TickClaims.ALONE.claim(alert, due).orElseThrow();
        }
    }

    private List<TickClaims.Claim> takeOver() {
        try {
            return claims.takeOver(entries.keySet());
        } catch (RuntimeException e) {
            LOG.error("cannot look for ticks other nodes abandoned; trying again next second", e);
            return List.of();
        }
    }

    private void run(Entry entry, Instant start, TickClaims.Claim claim) {
        try {
            runJob(entry, start);
        } finally {
            try {
                claim.finished();
            } catch (RuntimeException e) {
                LOG.error("alert {}: its tick of {} ran but could not be marked done; another node may run it again",
                        entry.name, claim.due(), e);
            }
        }
    }

    private void runJob(Entry entry, Instant start) {
        try {
            List<ObjectNode> created = entry.job.call();
            synchronized (this) {
                entry.lastAlerts = created == null ? 0 : created.size();
                entry.lastError = null;
            }
        } catch (Exception | Error e) {
            LOG.error("alert {} failed; it runs again at its next tick ({})", entry.name, entry.nextRun, e);
            synchronized (this) {
                entry.failures++;
                entry.lastError = String.valueOf(e);
            }
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } finally {
            synchronized (this) {
                entry.runs++;
                entry.lastDuration = Duration.between(start, clock.instant());
            }
            entry.running.set(false);
        }
    }

    /** Every schedule and its run state, in the order the alerts were added. */
    public synchronized List<AlertSchedule> schedules() {
        return entries.values().stream().map(Entry::snapshot).toList();
    }

    /** Changes one alert's crontab schedule; the next run is computed from now. */
    public synchronized AlertSchedule update(String name, String cron) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no scheduled alert named \"" + name + "\"; known: " + entries.keySet());
        }
        entry.schedule = CronSchedule.parse(cron);
        entry.nextRun = entry.schedule.next(clock.instant());
        return entry.snapshot();
    }

    /** Turns an alert's runs off or back on without losing its schedule (MozDef's {@code enabled}). */
    public synchronized AlertSchedule setEnabled(String name, boolean enabled) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no scheduled alert named \"" + name + "\"; known: " + entries.keySet());
        }
        entry.enabled = enabled;
        return entry.snapshot();
    }

    /**
     * Makes the scheduled alerts exactly the given ones (name to crontab): adds the new ones, drops the
     * missing ones, reschedules the changed ones, and keeps the run state of the rest. Everything is
     * validated before anything changes.
     */
    public synchronized List<AlertSchedule> sync(Map<String, String> schedules) {
        Map<String, CronSchedule> parsed = new LinkedHashMap<>();
        Map<String, Callable<List<ObjectNode>>> newJobs = new LinkedHashMap<>();
        for (var e : schedules.entrySet()) {
            parsed.put(e.getKey(), CronSchedule.parse(e.getValue()));
            if (!entries.containsKey(e.getKey())) {
                newJobs.put(e.getKey(), job(e.getKey()));
            }
        }
        Instant now = clock.instant();
        entries.keySet().retainAll(parsed.keySet());
        for (var e : parsed.entrySet()) {
            Entry entry = entries.get(e.getKey());
            if (entry == null) {
                entries.put(e.getKey(), new Entry(e.getKey(), newJobs.get(e.getKey()), e.getValue(), now));
            } else if (!entry.schedule.expression().equals(e.getValue().expression())) {
                entry.schedule = e.getValue();
                entry.nextRun = entry.schedule.next(now);
            }
        }
        return schedules();
    }

    private Callable<List<ObjectNode>> job(String name) {
        Callable<List<ObjectNode>> job = alerts.apply(name);
        if (job == null) {
            throw new IllegalArgumentException("cannot schedule \"" + name + "\": no alert of that name");
        }
        return job;
    }

    /** Stops ticking and waits up to 30 s for the runs in progress. */
    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
        }
        runs.shutdown();
        try {
            if (!runs.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("alert runs still going after 30 s at shutdown: interrupting them");
                runs.shutdownNow();
            }
        } catch (InterruptedException e) {
            runs.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Mutable state of one schedule; guarded by the scheduler's lock except {@code running}. */
    private static final class Entry {
        final String name;
        final Callable<List<ObjectNode>> job;
        final AtomicBoolean running = new AtomicBoolean();
        CronSchedule schedule;
        boolean enabled = true;
        Instant nextRun;
        Instant lastRun;
        Duration lastDuration;
        long runs;
        long failures;
        long skipped;
        int lastAlerts;
        String lastError;

        Entry(String name, Callable<List<ObjectNode>> job, CronSchedule schedule, Instant now) {
            this.name = name;
            this.job = job;
            this.schedule = schedule;
            this.nextRun = schedule.next(now);
        }

        AlertSchedule snapshot() {
            return new AlertSchedule(name, schedule.expression(), enabled, nextRun, lastRun, lastDuration, runs, failures,
                    skipped, lastAlerts, lastError, running.get());
        }
    }
}
