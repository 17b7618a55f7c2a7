package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.List;
import org.rampart.event.extension.Registration;
import org.rampart.event.Json;

/**
 * Publishes the alert message ({@code {_id, _index, _source}}) to MozDef's {@code alerts} topic exchange
 * with routing key {@code mozdef.alert}, where MozDef's chat bots and alert-actions worker listen. Waits
 * for the broker's confirm, reconnecting on the next delivery after a failure. Config: {@code host}
 * (localhost), {@code port} (5672), {@code user}/{@code password} (guest), {@code vhost} (/),
 * {@code exchange} (alerts), {@code routing_key} (mozdef.alert), {@code registration}.
 */
final class AmqpAction implements AlertAction, AutoCloseable {

    private final ConnectionFactory factory;
    private final String exchange;
    private final String routingKey;
    private final Registration registration;
    private Connection connection;
    private Channel channel;

    AmqpAction(ConnectionFactory factory, String exchange, String routingKey, Registration registration) {
        this.factory = factory;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.registration = registration;
    }

    @Override
    public String name() {
        return "amqp:" + factory.getHost() + ":" + factory.getPort() + "/" + exchange;
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public synchronized void deliver(ObjectNode message) throws Exception {
        try {
            Channel ch = channel();
            ch.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder()
                    .contentType("application/json").deliveryMode(2).build(), Json.MAPPER.writeValueAsBytes(message));
            ch.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private Channel channel() throws Exception {
        if (channel == null || !channel.isOpen()) {
            close();
            connection = factory.newConnection("rampart-alert-actions");
            channel = connection.createChannel();
            // MozDef declares the same exchange: topic, durable.
            channel.exchangeDeclare(exchange, "topic", true);
            channel.confirmSelect();
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close();
            }
        } catch (Exception ignored) {
            // The connection is being discarded either way.
        }
        connection = null;
        channel = null;
    }

    /** {@code type: amqp}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "amqp";
        }

        @Override
        public AlertAction create(JsonNode config) {
            ActionConfig c = new ActionConfig(name(), config);
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(c.optional("host", "localhost"));
            factory.setPort(c.integer("port", 5672));
            factory.setUsername(c.optional("user", "guest"));
            factory.setPassword(c.optional("password", "guest"));
            factory.setVirtualHost(c.optional("vhost", "/"));
            factory.setConnectionTimeout((int) c.timeout().toMillis());
            factory.setAutomaticRecoveryEnabled(false);
            return new AmqpAction(factory, c.optional("exchange", "alerts"), c.optional("routing_key", "mozdef.alert"),
                    c.registration(List.of("*")));
        }
    }
}
