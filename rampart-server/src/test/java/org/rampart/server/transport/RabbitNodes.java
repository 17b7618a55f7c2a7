package org.rampart.server.transport;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.rampart.server.run.RampartProcess;

/**
 * Rampart nodes with {@code transport: rabbitmq} on a fresh exchange and queue of the RabbitMQ at 127.0.0.1:5672, and a
 * look at that queue. Each look opens its own connection, so it works again after a broker restart. Closing kills the
 * nodes still running and deletes the exchange and the queue.
 */
public final class RabbitNodes implements AutoCloseable {
    private final String name = "rampart-test-" + UUID.randomUUID();
    private final Path dir;
    private final int prefetch;
    private final List<RampartProcess> processes = new ArrayList<>();

    public RabbitNodes(Path dir, int prefetch) {
        this.dir = dir;
        this.prefetch = prefetch;
    }

    /** A node in folder {@code dir/node} running {@code roles}; its data under {@code dir/node/data}. Not started. */
    public RampartProcess node(String node, String roles) throws IOException {
        return add(new RampartProcess(Files.createDirectories(dir.resolve(node)), dir.resolve(node).resolve("data"))
                .set("roles", roles).set("transport", "rabbitmq").set("pipeline.batch_size", "100")
                .set("mozdef.hostname", node));
    }

    /** {@code process} on this exchange and queue, killed on close; its roles and transport are its own. */
    public RampartProcess add(RampartProcess process) {
        process.set("rabbitmq.exchange", name).set("rabbitmq.queue", name).set("rabbitmq.routing_key", name)
                .set("rabbitmq.prefetch", String.valueOf(prefetch));
        processes.add(process);
        return process;
    }

    /** Consumers on the queue; 0 while it is not declared yet. */
    public int consumers() throws Exception {
        try (Connection broker = connect(); Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(name).getConsumerCount();
        } catch (IOException missing) {
            return 0;
        }
    }

    /**
     * Messages ready for a consumer (a passive declare does not count those delivered and unacknowledged; once the last
     * worker has stopped, anything it did not acknowledge is ready again and counts).
     */
    int queued() throws Exception {
        try (Connection broker = connect(); Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(name).getMessageCount();
        }
    }

    @Override
    public void close() throws Exception {
        for (RampartProcess process : processes) {
            process.close();
        }
        try (Connection broker = connect(); Channel channel = broker.createChannel()) {
            channel.queueDelete(name);
            channel.exchangeDelete(name);
        }
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        return factory.newConnection("rampart-test");
    }
}
