package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.rampart.alerts.AlertSink;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.query.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the alert actions after an alert is saved, without ever blocking the caller.
 *
 * <p>{@link #submit} only enqueues: one delivery per action whose registration matches. Virtual-thread
 * workers deliver, retrying a failed delivery with exponential backoff. A delivery that failed
 * {@code maxAttempts} times, that finds the queue full, or that is still queued at shutdown is
 * appended to the dead-letter file (one JSON line each: action, attempts, error, message) and logged:
 * nothing is dropped silently.
 */
public final class AlertActions implements AlertSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertActions.class);

    /**
     * Queue and retry settings.
     *
     * @param capacity deliveries waiting at most, retries included
     * @param workers concurrent deliveries
     * @param maxAttempts attempts per delivery before it is dead-lettered
     * @param backoff the wait before the first retry; doubles each attempt, capped at 5 minutes
     */
    public record Options(int capacity, int workers, int maxAttempts, Duration backoff) {
        /** 10 000 queued, 4 workers, 5 attempts, 1 s first backoff. */
        public static final Options DEFAULTS = new Options(10_000, 4, 5, Duration.ofSeconds(1));

        public Options {
            if (capacity < 1 || workers < 1 || maxAttempts < 1 || backoff.isNegative()) {
                throw new IllegalArgumentException("alert action options: capacity, workers and maxAttempts must be"
                        + " at least 1 and backoff not negative");
            }
        }

        /** Reads {@code capacity}, {@code workers}, {@code max_attempts}, {@code backoff_ms}; missing keys keep defaults. */
        public static Options from(JsonNode node) {
            ActionConfig c = new ActionConfig("options", node);
            return new Options(c.integer("capacity", DEFAULTS.capacity), c.integer("workers", DEFAULTS.workers),
                    c.integer("max_attempts", DEFAULTS.maxAttempts),
                    Duration.ofMillis(c.integer("backoff_ms", (int) DEFAULTS.backoff.toMillis())));
        }
    }

    /** Counters since start: what was delivered, retried and dead-lettered. */
    public record Stats(long submitted, long delivered, long retried, long deadLettered, int queued) {}

    /** One action's counters since start (actions configured twice under one name count together). */
    public record ActionStats(long delivered, long retried, long deadLettered) {}

    /** Per action name: delivered, retried, dead-lettered. */
    private record ActionCounters(AtomicLong delivered, AtomicLong retried, AtomicLong deadLettered) {
        ActionCounters() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
    }

    private final List<AlertAction> actions;
    private final Options options;
    private final Path deadLetterFile;
    private final Clock clock;
    private final DelayQueue<Delivery> queue = new DelayQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, ActionCounters> byAction = new LinkedHashMap<>();
    private volatile boolean closed;

    /** Starts the workers; dead letters go to {@code deadLetterFile} (its folder is created). */
    public AlertActions(List<AlertAction> actions, Options options, Path deadLetterFile, Clock clock) {
        this.actions = List.copyOf(actions);
        this.options = Objects.requireNonNull(options, "options");
        this.deadLetterFile = Objects.requireNonNull(deadLetterFile, "deadLetterFile");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actions.forEach(action -> byAction.putIfAbsent(action.name(), new ActionCounters()));
        for (int i = 0; i < options.workers(); i++) {
            workers.add(Thread.ofVirtual().name("alert-action-", i).start(this::work));
        }
    }

    /**
     * The actions configured in a list of blocks, each naming its {@code type}: an alert action provider of the
     * registry (webhook, slack, email, amqp, block_ip, pagerduty, triage_bot, or a drop-in one).
     */
    public static List<AlertAction> fromConfig(Extensions extensions, JsonNode blocks) {
        return fromConfig(extensions, blocks, OutboundTargets.publicOnly());
    }

    /** As {@link #fromConfig(Extensions, JsonNode)}, the actions connecting only where {@code outbound} permits. */
    public static List<AlertAction> fromConfig(Extensions extensions, JsonNode blocks, OutboundTargets outbound) {
        List<AlertAction> created = new ArrayList<>();
        if (blocks == null || blocks.isNull() || blocks.isMissingNode()) {
            return created;
        }
        if (!blocks.isArray()) {
            throw new IllegalArgumentException("alert actions: expected a list of {type: ..., ...} blocks");
        }
        for (JsonNode block : blocks) {
            created.add(extensions.get(AlertActionProvider.KIND, block.path("type").asText("")).create(block, outbound));
        }
        return created;
    }

    /**
     * Queues the message ({@code {_id, _index, _source}}) for every action registered for it and returns
     * at once; returns the number of deliveries queued. A full queue dead-letters instead of blocking.
     */
    public int submit(ObjectNode message) {
        int count = 0;
        for (AlertAction action : actions) {
            if (!action.registration().matches(message)) {
                continue;
            }
            submitted.incrementAndGet();
            Delivery delivery = new Delivery(action, message.deepCopy(), 1, System.nanoTime());
            if (closed) {
                deadLetter(delivery, "alert actions closed");
            } else if (queued.incrementAndGet() > options.capacity()) {
                queued.decrementAndGet();
                deadLetter(delivery, "queue full (" + options.capacity() + " deliveries waiting)");
            } else {
                queue.add(delivery);
                count++;
            }
        }
        return count;
    }

    /** The alert engine's hook after a save: queues MozDef's message for the saved alert. */
    @Override
    public void alertSaved(StoredDocument alert) {
        submit(AlertSink.message(alert));
    }

    /** Counters since start. */
    public Stats stats() {
        return new Stats(submitted.get(), delivered.get(), retried.get(), deadLettered.get(), queued.get());
    }

    /** The names of the configured actions, in configuration order. */
    public Set<String> actionNames() {
        return Collections.unmodifiableSet(byAction.keySet());
    }

    /** The counters since start of the actions named {@code action}; zeros for a name not configured. */
    public ActionStats stats(String action) {
        ActionCounters c = byAction.get(action);
        return c == null ? new ActionStats(0, 0, 0)
                : new ActionStats(c.delivered().get(), c.retried().get(), c.deadLettered().get());
    }

    private void work() {
        while (!closed) {
            Delivery delivery;
            try {
                delivery = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                delivery.action.deliver(delivery.message);
                queued.decrementAndGet();
                delivered.incrementAndGet();
                byAction.get(delivery.action.name()).delivered().incrementAndGet();
            } catch (InterruptedException e) {
                queue.add(delivery); // shutting down: close() dead-letters what is left in the queue
                return;
            } catch (Exception | LinkageError e) {
                failed(delivery, e);
            }
        }
    }

    private void failed(Delivery delivery, Throwable error) {
        if (delivery.attempt >= options.maxAttempts()) {
            queued.decrementAndGet();
            LOG.error("alert action {} failed {} times; dead-lettering alert {}", delivery.action.name(),
                    delivery.attempt, delivery.message.path("_id").asText(), error);
            deadLetter(delivery, String.valueOf(error));
            return;
        }
        long backoff = Math.min(options.backoff().toMillis() << (delivery.attempt - 1), Duration.ofMinutes(5).toMillis());
        LOG.warn("alert action {} failed (attempt {} of {}), retrying in {} ms: {}", delivery.action.name(),
                delivery.attempt, options.maxAttempts(), backoff, String.valueOf(error));
        retried.incrementAndGet();
        byAction.get(delivery.action.name()).retried().incrementAndGet();
        queue.add(new Delivery(delivery.action, delivery.message, delivery.attempt + 1,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, backoff))));
    }

    private void deadLetter(Delivery delivery, String reason) {
        ObjectNode line = Json.object();
        line.put("failedat", clock.instant().toString());
        line.put("action", delivery.action.name());
        line.put("attempts", delivery.attempt);
        line.put("error", reason);
        line.set("message", delivery.message);
        LOG.error("alert {} for action {} written to dead letters {}: {}", delivery.message.path("_id").asText(),
                delivery.action.name(), deadLetterFile, reason);
        synchronized (this) {
            try {
                Files.createDirectories(deadLetterFile.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(deadLetterFile, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    out.write((Json.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                LOG.error("cannot write dead letter file {}; the alert message was: {}", deadLetterFile, line, e);
            }
        }
        deadLettered.incrementAndGet();
        byAction.get(delivery.action.name()).deadLettered().incrementAndGet();
    }

    /** Stops the workers; deliveries still queued (or waiting for a retry) go to the dead-letter file. */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Delivery> left = new ArrayList<>();
        queue.drainTo(left);
        // drainTo only takes expired entries; retries still backing off are taken one by one.
        left.addAll(queue);
        queue.clear();
        for (Delivery delivery : left) {
            queued.decrementAndGet();
            deadLetter(delivery, "not delivered before shutdown");
        }
        for (AlertAction action : actions) {
            if (action instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing alert action {} failed", action.name(), e);
                }
            }
        }
    }

    private record Delivery(AlertAction action, ObjectNode message, int attempt, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
