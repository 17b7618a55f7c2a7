package org.rampart.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rampart.event.config.RampartConfig;
import org.rampart.intake.http.IntakeServer;
import org.rampart.intake.http.IntakeSettings;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.JournalRecord;
import org.rampart.pipeline.worker.SourceBatch;
import org.rampart.pipeline.worker.SourceEvent;

/** The publisher and the consumer against the RabbitMQ at 127.0.0.1:5672, on a fresh exchange and queue per test. */
class RabbitTransportTest {
    private final String name = "rampart-test-" + UUID.randomUUID();
    private final RabbitSettings settings = RabbitSettings.of(RampartConfig.load(null, Map.of()).with(Map.of(
            "rabbitmq.exchange", name, "rabbitmq.queue", name, "rabbitmq.routing_key", name,
            "rabbitmq.confirm_timeout", "5s", "rabbitmq.prefetch", "100")));
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Connection broker;

    @BeforeEach
    void connect() throws Exception {
        broker = settings.connect("rampart-test");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        try (Channel channel = broker.createChannel()) {
            channel.queueDelete(name);
            channel.exchangeDelete(name);
        }
        broker.close();
    }

    @Test
    void publishedEventsArriveWithTheirIntakeIdAndTimeAndAreAcknowledgedOnlyAtTheCheckpoint() throws Exception {
        RabbitPublisher publisher = open(RabbitPublisher.open(settings));
        String id = new EventIds(Clock.systemUTC()).next();
        publisher.append(List.of(new JournalRecord(id, "{\"summary\": \"one\", \"endpoint\": \"events\"}".getBytes(StandardCharsets.UTF_8))));

        RabbitEventSource source = open(new RabbitEventSource(settings, Clock.systemUTC(), 1 << 20));
        SourceBatch batch = next(source);
        assertThat(batch.events()).hasSize(1);
        SourceEvent event = batch.events().getFirst();
        assertThat(event.id()).isEqualTo(id);
        assertThat(event.received()).isEqualTo(EventIds.instantOf(id));
        assertThat(event.replayed()).isFalse();
        assertThat(new String(event.json(), StandardCharsets.UTF_8)).contains("\"summary\": \"one\"");

        // Not checkpointed: a second consumer gets it again once the first goes away, flagged as a redelivery.
        source.close();
        RabbitEventSource second = open(new RabbitEventSource(settings, Clock.systemUTC(), 1 << 20));
        SourceBatch again = next(second);
        assertThat(again.events()).extracting(SourceEvent::id).containsExactly(id);
        assertThat(again.events().getFirst().replayed()).as("a redelivery is upserted").isTrue();
        second.checkpoint(again.end());
        second.close();
        assertThat(ready()).as("acknowledged at the checkpoint, not requeued").isZero();
    }

    @Test
    void aMessageAShipperPublishedStraightToTheExchangeIsTakenAsAnEvent() throws Exception {
        RabbitEventSource source = open(new RabbitEventSource(settings, Clock.systemUTC(), 1 << 20));
        startConsuming(source);
        try (Channel channel = broker.createChannel()) {
            // What MozDef's loginput (kombu, JSON serializer) sends: a JSON body, no message id.
            channel.basicPublish(name, name, new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                    "{\"summary\": \"from a shipper\", \"endpoint\": \"events\"}".getBytes(StandardCharsets.UTF_8));
            channel.basicPublish(name, name, new AMQP.BasicProperties.Builder().messageId("shipper-42")
                    .timestamp(java.util.Date.from(Instant.parse("2026-12-01T10:00:00Z"))).build(),
                    "{\"summary\": \"with an id\"}".getBytes(StandardCharsets.UTF_8));
        }
        List<SourceEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.size() < 2 && System.nanoTime() < deadline) {
            events.addAll(source.next(10, Duration.ofMillis(500)).events());
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0).id()).as("given an intake id").hasSize(26);
        assertThat(events.get(1).id()).isEqualTo("shipper-42");
        assertThat(events.get(1).received()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void aBodyOverTheEventSizeIsRejectedNotHandedOut() throws Exception {
        RabbitEventSource source = open(new RabbitEventSource(settings, Clock.systemUTC(), 64));
        startConsuming(source);
        try (Channel channel = broker.createChannel()) {
            channel.basicPublish(name, name, null, ("{\"summary\": \"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8));
            channel.basicPublish(name, name, null, "{\"summary\": \"small\"}".getBytes(StandardCharsets.UTF_8));
        }
        List<SourceEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            events.addAll(source.next(10, Duration.ofMillis(500)).events());
        }
        assertThat(events).extracting(e -> new String(e.json(), StandardCharsets.UTF_8)).containsExactly("{\"summary\": \"small\"}");
        assertThat(source.refused()).isEqualTo(1);
    }

    @Test
    void aMessageNoQueueTakesIsNotConfirmedAsDelivered() throws Exception {
        RabbitPublisher publisher = open(RabbitPublisher.open(settings));
        try (Channel channel = broker.createChannel()) {
            channel.queueDelete(name);
        }
        assertThatThrownBy(() -> publisher.append(List.of(new JournalRecord(new EventIds(Clock.systemUTC()).next(),
                "{}".getBytes(StandardCharsets.UTF_8))))).hasMessageContaining("no queue");
        assertThat(publisher.health().degraded()).as("/status says why until a publish succeeds").isTrue();
        assertThat(publisher.health().refusingAppends()).as("connected: not refusing").isFalse();
    }

    @Test
    void intakeAnswers200AfterTheConfirmAnd503WhenTheBrokerCannotTakeTheEvent() throws Exception {
        RabbitPublisher publisher = open(RabbitPublisher.open(settings));
        IntakeServer intake = open(IntakeServer.start(new IntakeSettings("127.0.0.1", 0, 1 << 20, 1 << 16, 100, null,
                1 << 20, 16, 16, 1, Duration.ofSeconds(1)), publisher, new EventIds(Clock.systemUTC())));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intake.port() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"summary\": \"via intake\"}")).build();
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ready() == 1); // confirmed: on the queue

        try (Channel channel = broker.createChannel()) {
            channel.queueDelete(name);
        }
        HttpResponse<String> refused = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("RabbitMQ").contains("retry later");
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intake.port()
                + "/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"degraded\"").contains("no queue");
    }

    /** The first batch with events, waiting up to 30 s. */
    private static SourceBatch next(RabbitEventSource source) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        SourceBatch batch;
        do {
            batch = source.next(10, Duration.ofMillis(500));
        } while (batch.events().isEmpty() && System.nanoTime() < deadline);
        return batch;
    }

    /** Lets the source connect, declare the queue and start consuming. */
    private static void startConsuming(RabbitEventSource source) throws InterruptedException {
        source.next(10, Duration.ofMillis(100));
    }

    private int ready() throws Exception {
        try (Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(name).getMessageCount();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }
}
