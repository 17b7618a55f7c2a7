package org.rampart.server.transport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.JournalHealth;
import org.rampart.intake.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake's sink with {@code transport: rabbitmq}: each request's events are published, persistent and mandatory, to
 * the {@code eventtask} exchange on a channel in confirm mode, and {@link #append} returns only once the broker has
 * confirmed every one of them (so the 2xx means "on the broker's disk"). A nack, a returned (unroutable) message, a
 * confirm not in time or a lost connection throw, and intake answers 503.
 *
 * <p>Each message: the event JSON as intake would journal it (with {@code endpoint}/{@code customendpoint}), {@code
 * message_id} = the intake id (a worker upserts a redelivered message by it), {@code timestamp} = intake time,
 * {@code content_type} application/json, delivery mode 2.
 */
public final class RabbitPublisher implements IntakeSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitPublisher.class);
    private static final long RECONNECT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RabbitSettings settings;
    /** Channels not in use; a request takes one for its publishes and confirms. */
    private final LinkedBlockingDeque<PublishChannel> idle = new LinkedBlockingDeque<>();
    private final Semaphore channels;
    private Connection connection;
    private volatile String failure;
    private volatile long lastReconnect = System.nanoTime();

    private RabbitPublisher(RabbitSettings settings) {
        this.settings = settings;
        this.channels = new Semaphore(settings.publisherChannels());
    }

    /** Connects and declares the exchange, the queue and the binding; a broker that cannot be reached fails the start. */
    public static RabbitPublisher open(RabbitSettings settings) throws IOException {
        RabbitPublisher publisher = new RabbitPublisher(settings);
        publisher.connection();
        return publisher;
    }

    @Override
    public void append(List<JournalRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        PublishChannel channel = take();
        boolean reusable = false;
        try {
            channel.returned.set(false);
            for (JournalRecord record : records) {
                channel.channel.basicPublish(settings.exchange(), settings.routingKey(), true, properties(record),
                        record.payload());
            }
            channel.channel.waitForConfirmsOrDie(settings.confirmTimeout().toMillis());
            if (channel.returned.get()) {
                throw new IOException("the broker had no queue for exchange " + settings.exchange() + " and routing key "
                        + settings.routingKey() + " (queue " + settings.queue() + " deleted?)");
            }
            reusable = true;
            failure = null;
        } catch (TimeoutException e) {
            throw failed(new IOException("the broker did not confirm " + records.size() + " events within "
                    + settings.confirmTimeout(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        } catch (IOException | RuntimeException e) {
            // waitForConfirmsOrDie throws IOException on a nack; a closed channel or connection throws too.
            throw failed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        } finally {
            give(channel, reusable);
        }
    }

    private IOException failed(IOException e) {
        failure = e.getMessage();
        return e;
    }

    private static AMQP.BasicProperties properties(JournalRecord record) {
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).messageId(record.id());
        try {
            properties.timestamp(Date.from(EventIds.instantOf(record.id())));
        } catch (IllegalArgumentException notAnIntakeId) {
            // Only intake ids carry their time; the worker takes the delivery time then.
        }
        return properties.build();
    }

    /** An idle channel, or a new one while fewer than {@code rabbitmq.publisher_channels} exist. */
    private PublishChannel take() throws IOException {
        try {
            if (!channels.tryAcquire(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("all " + settings.publisherChannels() + " publisher channels busy for "
                        + settings.confirmTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a publisher channel", e);
        }
        PublishChannel channel;
        while ((channel = idle.pollFirst()) != null) {
            if (channel.channel.isOpen()) {
                return channel;
            }
        }
        try {
            return open();
        } catch (IOException | RuntimeException e) {
            channels.release();
            throw failed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    private void give(PublishChannel channel, boolean reusable) {
        if (reusable && channel.channel.isOpen()) {
            idle.addFirst(channel);
        } else {
            channel.abort();
        }
        channels.release();
    }

    private PublishChannel open() throws IOException {
        Channel channel = connection().createChannel();
        if (channel == null) {
            throw new IOException("the broker has no channel left on this connection");
        }
        channel.confirmSelect();
        PublishChannel publishChannel = new PublishChannel(channel);
        channel.addReturnListener(returned -> publishChannel.returned.set(true));
        return publishChannel;
    }

    private synchronized Connection connection() throws IOException {
        if (connection == null || !connection.isOpen()) {
            if (connection != null) {
                LOG.warn("the connection to {} was lost; reconnecting", settings.describe());
                connection.abort();
            }
            try {
                connection = settings.connect("rampart-intake");
                settings.declare(connection);
            } catch (IOException e) {
                failure = "cannot reach " + settings.describe() + ": " + e.getMessage();
                if (connection != null) {
                    connection.abort();
                    connection = null;
                }
                throw e;
            }
        }
        return connection;
    }

    /**
     * Degraded (with the reason) while the last publish failed; refusing (503, so a load balancer sends events to another
     * intake node) while there is no connection to the broker. Without one, a status request tries to reconnect, at most
     * once a second, so the node comes back by itself when the broker does.
     */
    @Override
    public JournalHealth health() {
        boolean connected = connected();
        if (!connected && System.nanoTime() - lastReconnect > RECONNECT_INTERVAL_NANOS) {
            lastReconnect = System.nanoTime();
            try {
                connection();
                connected = true;
            } catch (IOException | RuntimeException e) {
                failure = "cannot reach " + settings.describe() + ": " + e.getMessage();
            }
        }
        String reason = failure;
        return new JournalHealth(!connected, 0, !connected && reason == null ? "no connection to " + settings.describe() : reason);
    }

    private synchronized boolean connected() {
        return connection != null && connection.isOpen();
    }

    @Override
    public String diskShortage() {
        return null; // the broker guards its own disk (its disk alarm blocks publishers: the confirm times out, 503)
    }

    @Override
    public long unconsumedBytes() {
        return 0; // the broker holds the backlog; its memory and disk alarms push back through the confirm
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.abort(5_000);
            connection = null;
        }
    }

    /** A confirm-mode channel and whether the broker returned a message published on it since the request began. */
    private static final class PublishChannel {
        final Channel channel;
        final AtomicBoolean returned = new AtomicBoolean();

        PublishChannel(Channel channel) {
            this.channel = channel;
        }

        void abort() {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                // The channel is discarded either way.
            }
        }
    }
}
