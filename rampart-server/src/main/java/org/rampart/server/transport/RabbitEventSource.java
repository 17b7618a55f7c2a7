package org.rampart.server.transport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.rampart.intake.journal.EventIds;
import org.rampart.pipeline.worker.EventSource;
import org.rampart.pipeline.worker.SourceBatch;
import org.rampart.pipeline.worker.SourceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers' source with {@code transport: rabbitmq}: MozDef's {@code eventtask} queue, consumed with manual acks
 * and a prefetch of {@code rabbitmq.prefetch}. A message is acknowledged only by {@link #checkpoint}, which the pipeline
 * calls after the store committed every batch before it: a worker process that dies loses nothing, the broker hands its
 * unacknowledged messages to another consumer, flagged redelivered, and those are upserted by id (never stored twice
 * in one store).
 *
 * <p>Positions are a counter over every delivery of this process, across reconnects; a checkpoint acknowledges, with
 * one multiple-ack, the last delivery before it on the channel it came from, if that channel is still open (if not,
 * the broker has already requeued what was unacknowledged on it).
 */
public final class RabbitEventSource implements EventSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitEventSource.class);
    /** Ids a shipper may set as {@code message_id}; anything else gets an intake id. */
    private static final Pattern SHIPPER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,255}");

    private record Delivery(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {}

    /** The last delivery of a handed-out batch: what a checkpoint at {@code end} acknowledges. */
    private record BatchEnd(long end, Channel channel, long deliveryTag) {}

    private final RabbitSettings settings;
    private final EventIds ids;
    private final Clock clock;
    private final long maxEventSize;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final Deque<BatchEnd> unacknowledged = new ArrayDeque<>();
    private final Object channelLock = new Object();
    private final AtomicLong refused = new AtomicLong();
    private Connection connection;
    private Channel channel;
    private long position = 1;
    private long lastFailureLog;
    private volatile boolean stopped;

    /**
     * @param maxEventSize a message body larger than this is rejected (dead-lettered when the queue has a dead-letter
     *                     exchange), as intake refuses such an event
     */
    public RabbitEventSource(RabbitSettings settings, Clock clock, long maxEventSize) {
        this.settings = settings;
        this.clock = clock;
        this.ids = new EventIds(clock);
        this.maxEventSize = maxEventSize;
    }

    /** The position the first batch starts at. */
    public long start() {
        return 1;
    }

    @Override
    public SourceBatch next(int maxEvents, Duration wait) throws InterruptedException {
        Channel current = consuming(wait);
        if (current == null) {
            return SourceBatch.empty(position);
        }
        Delivery first = deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return SourceBatch.empty(position);
        }
        List<Delivery> taken = new ArrayList<>(Math.min(maxEvents, 1024));
        taken.add(first);
        deliveries.drainTo(taken, maxEvents - 1);
        List<SourceEvent> events = new ArrayList<>(taken.size());
        long lastTag = -1;
        for (Delivery delivery : taken) {
            if (delivery.channel != current) {
                continue; // from a channel since closed: the broker redelivers it on the new one
            }
            if (delivery.body.length > maxEventSize) {
                reject(delivery);
                continue;
            }
            events.add(event(delivery));
            lastTag = delivery.envelope.getDeliveryTag();
        }
        if (events.isEmpty()) {
            return SourceBatch.empty(position);
        }
        position += events.size();
        synchronized (channelLock) {
            unacknowledged.addLast(new BatchEnd(position, current, lastTag));
        }
        return new SourceBatch(position, events);
    }

    private SourceEvent event(Delivery delivery) {
        String messageId = delivery.properties.getMessageId();
        String id;
        Instant received;
        if (messageId != null && SHIPPER_ID.matcher(messageId).matches()) {
            id = messageId;
            received = receivedOf(messageId, delivery.properties);
        } else {
            // A shipper that sets no message_id gets a new id on each delivery: a redelivery of it may be stored twice.
            id = ids.next();
            received = EventIds.instantOf(id);
        }
        // An id an SQS input derived may be stored already (a redelivered SQS message): the write replaces it.
        return new SourceEvent(id, received, delivery.body, delivery.envelope.isRedeliver() || EventIds.mayBeStored(id));
    }

    /** The intake time an intake id carries, else the message's timestamp, else now. */
    private Instant receivedOf(String id, AMQP.BasicProperties properties) {
        try {
            return EventIds.instantOf(id);
        } catch (IllegalArgumentException notAnIntakeId) {
            return properties.getTimestamp() != null ? properties.getTimestamp().toInstant() : clock.instant();
        }
    }

    private void reject(Delivery delivery) {
        refused.incrementAndGet();
        LOG.warn("a message of {} bytes on queue {} is larger than intake.max_event_size {}: rejected without requeue "
                + "(dead-lettered if the queue has a dead-letter exchange)", delivery.body.length, settings.queue(), maxEventSize);
        synchronized (channelLock) {
            try {
                delivery.channel.basicReject(delivery.envelope.getDeliveryTag(), false);
            } catch (IOException | RuntimeException e) {
                LOG.warn("rejecting the message failed; the broker redelivers it", e);
            }
        }
    }

    /** Acknowledges every delivery before {@code upTo}: they are committed in the store. */
    @Override
    public void checkpoint(long upTo) throws IOException {
        synchronized (channelLock) {
            BatchEnd last = null;
            while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().end <= upTo) {
                last = unacknowledged.pollFirst();
            }
            if (last == null || !last.channel.isOpen()) {
                return;
            }
            last.channel.basicAck(last.deliveryTag, true);
        }
    }

    /** Messages rejected for their size so far. */
    public long refused() {
        return refused.get();
    }

    /** The consuming channel, (re)connecting when there is none; null (after waiting) while the broker is unreachable. */
    private Channel consuming(Duration wait) throws InterruptedException {
        synchronized (channelLock) {
            if (stopped) {
                return null;
            }
            if (channel != null && channel.isOpen()) {
                return channel;
            }
            if (connection != null) {
                LOG.warn("the consumer's connection to {} was lost; reconnecting (unacknowledged messages are redelivered)",
                        settings.describe());
                connection.abort();
                connection = null;
            }
            deliveries.clear();
            try {
                connection = settings.connect("rampart-worker");
                settings.declare(connection);
                Channel opened = connection.createChannel();
                opened.basicQos(settings.prefetch());
                opened.basicConsume(settings.queue(), false, "rampart-worker-" + ProcessHandle.current().pid(),
                        new DefaultConsumer(opened) {
                            @Override
                            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                                deliveries.add(new Delivery(opened, envelope, properties, body));
                            }
                        });
                channel = opened;
                LOG.info("consuming {} (prefetch {})", settings.describe(), settings.prefetch());
                return channel;
            } catch (IOException | RuntimeException e) {
                if (connection != null) {
                    connection.abort();
                    connection = null;
                }
                long now = System.nanoTime();
                if (now - lastFailureLog > TimeUnit.MINUTES.toNanos(1)) {
                    lastFailureLog = now;
                    LOG.error("cannot consume from {}; retrying", settings.describe(), e);
                }
            }
        }
        Thread.sleep(wait.toMillis());
        return null;
    }

    /**
     * Stops taking messages (before the workers drain): the broker sends no more, and what it sent but no batch has
     * taken is given back when the connection closes. Batches handed out are still acknowledged at the next checkpoint.
     */
    public void stopConsuming() {
        synchronized (channelLock) {
            stopped = true;
            deliveries.clear();
            if (channel != null && channel.isOpen()) {
                try {
                    channel.basicCancel("rampart-worker-" + ProcessHandle.current().pid());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cancelling the consumer failed; closing the connection gives its messages back", e);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (channelLock) {
            if (connection != null) {
                connection.abort(5_000);
                connection = null;
                channel = null;
            }
        }
    }
}
