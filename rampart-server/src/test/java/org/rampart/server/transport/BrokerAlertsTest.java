package org.rampart.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.extension.Extensions;
import org.rampart.query.IndexRequest;
import org.rampart.server.alerts.AlertRuntime;
import org.rampart.store.lucene.LuceneEventStore;

/** With {@code transport: rabbitmq} an alert also goes to the broker's alerts exchange (MozDef's), with no action configured. */
class BrokerAlertsTest {
    @TempDir
    Path dir;

    @Test
    void aSavedAlertIsPublishedToTheAlertExchange() throws Exception {
        String exchange = "rampart-test-alerts-" + UUID.randomUUID();
        Path rules = Files.createDirectories(dir.resolve("alerts/rules"));
        Files.writeString(rules.resolve("fails.json"), """
                {"search_string": "summary:failed", "filters": [], "aggregation_key": "hostname", "time_window": 5,
                 "num_samples": 1, "num_aggregations": 1, "alert_category": "x", "alert_tags": [],
                 "alert_severity": "INFO", "alert_summary": "fails", "alert_url": ""}""");
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("data.dir", dir.toString(),
                "transport", "rabbitmq", "rabbitmq.alert_exchange", exchange));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection broker = factory.newConnection("rampart-test"); Channel channel = broker.createChannel();
             LuceneEventStore store = LuceneEventStore.open(dir.resolve("store"), Clock.systemUTC());
             AlertRuntime runtime = AlertRuntime.create(config, Extensions.bundled(), store, Clock.systemUTC(), false)) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, exchange, "mozdef.alert");
            store.index(List.of(new IndexRequest("events", "e1", Json.object().put("summary", "login failed")
                    .put("hostname", "web1").put("utctimestamp", Instant.now().toString()), false)));
            store.refresh();

            assertThat(runtime.runNow("AlertGenericLoader:fails")).hasSize(1);

            AtomicReference<GetResponse> got = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                got.set(channel.basicGet(queue, true));
                return got.get() != null;
            });
            assertThat(new String(got.get().getBody(), StandardCharsets.UTF_8)).contains("\"summary\":\"fails");
            channel.exchangeDelete(exchange);
        }
    }
}
