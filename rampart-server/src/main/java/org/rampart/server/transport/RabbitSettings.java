package org.rampart.server.transport;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.rampart.event.config.RampartConfig;

/**
 * The {@code rabbitmq.*} keys: where the broker is and MozDef's names for the event path (exchange, queue and routing
 * key {@code eventtask}, as MozDef's loginput and esworker_eventtask declare them).
 *
 * @param factory          connections to the broker (automatic recovery off: publisher and consumer reconnect themselves)
 * @param exchange         durable direct exchange intake publishes to
 * @param queue            durable queue the workers consume
 * @param routingKey       key intake publishes with and the queue is bound by
 * @param confirmTimeout   longest intake waits for the broker's publisher confirm before answering 503
 * @param publisherChannels channels intake publishes on at once (each waits for its own confirms)
 * @param prefetch         unacknowledged messages a worker process holds (acks follow each store commit)
 */
public record RabbitSettings(ConnectionFactory factory, String exchange, String queue, String routingKey,
        Duration confirmTimeout, int publisherChannels, int prefetch) {

    public static RabbitSettings of(RampartConfig config) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.string("rabbitmq.host"));
        factory.setPort(config.integer("rabbitmq.port"));
        factory.setUsername(config.string("rabbitmq.user"));
        factory.setPassword(config.string("rabbitmq.password"));
        factory.setVirtualHost(config.string("rabbitmq.vhost"));
        factory.setConnectionTimeout((int) config.duration("rabbitmq.confirm_timeout").toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        int channels = config.integer("rabbitmq.publisher_channels");
        int prefetch = config.integer("rabbitmq.prefetch");
        if (channels < 1 || prefetch < 1 || prefetch > 65_535) {
            throw new IllegalArgumentException("rabbitmq.publisher_channels must be at least 1 and rabbitmq.prefetch 1 to "
                    + "65535: " + channels + ", " + prefetch);
        }
        return new RabbitSettings(factory, config.string("rabbitmq.exchange"), config.string("rabbitmq.queue"),
                config.string("rabbitmq.routing_key"), config.duration("rabbitmq.confirm_timeout"), channels, prefetch);
    }

    /** Where, for log lines and errors (no credentials). */
    public String describe() {
        return "RabbitMQ at " + factory.getHost() + ":" + factory.getPort() + factory.getVirtualHost() + " exchange "
                + exchange + ", queue " + queue;
    }

    Connection connect(String name) throws IOException {
        try {
            return factory.newConnection(name);
        } catch (TimeoutException e) {
            throw new IOException("no connection to " + describe() + " in time", e);
        }
    }

    /**
     * Declares the exchange, the queue and their binding, each unless it exists already: a MozDef installation may have
     * declared them with other arguments (a topic exchange, a quorum queue), which a redeclare would refuse.
     */
    void declare(Connection connection) throws IOException {
        if (!exists(connection, channel -> channel.exchangeDeclarePassive(exchange))) {
            onChannel(connection, channel -> channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, true));
        }
        if (!exists(connection, channel -> channel.queueDeclarePassive(queue))) {
            onChannel(connection, channel -> channel.queueDeclare(queue, true, false, false, null));
        }
        onChannel(connection, channel -> channel.queueBind(queue, exchange, routingKey));
    }

    private interface ChannelWork {
        void run(Channel channel) throws IOException;
    }

    /** A passive declare closes its channel when the thing is missing, hence a channel of its own. */
    private static boolean exists(Connection connection, ChannelWork passiveDeclare) throws IOException {
        try {
            onChannel(connection, passiveDeclare);
            return true;
        } catch (IOException missing) {
            if (!connection.isOpen()) {
                throw missing;
            }
            return false;
        }
    }

    private static void onChannel(Connection connection, ChannelWork work) throws IOException {
        Channel channel = connection.createChannel();
        try {
            work.run(channel);
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (TimeoutException | IOException e) {
                    // Closing a channel whose work is done: nothing to lose.
                }
            }
        }
    }
}
