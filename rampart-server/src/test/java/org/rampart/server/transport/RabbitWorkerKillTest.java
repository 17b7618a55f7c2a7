package org.rampart.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.query.Bucket;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermsAggregation;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * {@code transport: rabbitmq} end to end on the RabbitMQ at 127.0.0.1:5672: an intake process publishes with confirms to
 * a fresh exchange and queue, two worker processes (each with its own embedded store) consume; one worker is killed
 * with SIGKILL mid-load. Every event intake acknowledged is stored; none is stored twice in a store (the killed
 * worker's unacknowledged messages come back redelivered and are upserted by id), and across the two stores at most
 * what the killed worker had committed but not yet acknowledged (its prefetch bounds that).
 */
class RabbitWorkerKillTest {
    private static final int CLIENTS = 6;
    private static final int PREFETCH = 500;

    @TempDir
    Path dir;

    private final String name = "rampart-test-" + UUID.randomUUID();
    private Connection broker;
    private final List<RampartProcess> processes = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        broker = factory.newConnection("rampart-test");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (RampartProcess process : processes) {
            process.close();
        }
        try (Channel channel = broker.createChannel()) {
            channel.queueDelete(name);
            channel.exchangeDelete(name);
        }
        broker.close();
    }

    @Test
    void everyAcknowledgedEventIsStoredWhenAWorkerIsKilledMidLoad() throws Exception {
        int intakePort = RampartProcess.freePort();
        RampartProcess intake = start("intake", config("intake", "[intake]", intakePort), process -> status(intakePort));
        RampartProcess workerA = start("worker-a", config("worker-a", "[worker]", 0), process -> consumers() >= 1);
        RampartProcess workerB = start("worker-b", config("worker-b", "[worker]", 0), process -> consumers() >= 2);

        Load load = Load.start(intakePort);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= 1_500);
        workerA.kill();
        int ackedAtKill = load.acked.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.size() >= ackedAtKill + 1_000);
        load.stop();
        // Worker B takes the rest, the killed worker's unacknowledged messages included; then it stops gracefully.
        await().atMost(Duration.ofSeconds(120)).until(() -> queued() == 0);
        workerB.stop();
        intake.stop();
        assertThat(queued()).as("messages left unacknowledged on the queue").isZero();

        Map<String, Long> a = countByMarker(dir.resolve("worker-a"));
        Map<String, Long> b = countByMarker(dir.resolve("worker-b"));
        System.out.printf("rabbitmq worker kill: %d acked (%d at the kill), worker A stored %d, worker B %d%n",
                load.acked.size(), ackedAtKill, a.size(), b.size());
        assertThat(a).as("worker A stored events before its kill").isNotEmpty();
        assertThat(a.values()).as("no event twice in worker A's store").allMatch(count -> count == 1L);
        assertThat(b.values()).as("no event twice in worker B's store").allMatch(count -> count == 1L);
        Set<String> stored = new HashSet<>(a.keySet());
        stored.addAll(b.keySet());
        assertThat(stored).as("every acknowledged event is stored").containsAll(load.acked);
        assertThat(load.sent).as("nothing stored that was not sent").containsAll(stored);
        Set<String> inBoth = new HashSet<>(a.keySet());
        inBoth.retainAll(b.keySet());
        System.out.printf("rabbitmq worker kill: %d events in both stores (committed by A, not yet acknowledged)%n", inBoth.size());
        assertThat(inBoth.size()).as("events in both stores").isLessThanOrEqualTo(PREFETCH);
    }

    private RampartProcess start(String name, Path config, RampartProcess.Ready ready) throws IOException {
        RampartProcess process = RampartProcess.start(config, dir, name, ready);
        processes.add(process);
        return process;
    }

    private Path config(String node, String roles, int intakePort) throws IOException {
        Path config = dir.resolve(node + ".yml");
        Files.writeString(config, """
                data:
                  dir: "%s"
                roles: %s
                transport: rabbitmq
                rabbitmq:
                  exchange: "%s"
                  queue: "%s"
                  routing_key: "%s"
                  prefetch: %d
                intake:
                  port: %d
                store:
                  commit_interval: 700ms
                pipeline:
                  workers: 2
                  batch_size: 100
                mozdef:
                  hostname: %s
                """.formatted(dir.resolve(node).toString().replace("\\", "/"), roles, name, name, name, PREFETCH, intakePort, node));
        return config;
    }

    private int consumers() throws IOException {
        try (Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(name).getConsumerCount();
        } catch (IOException missing) {
            return 0; // not declared yet
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    /**
     * Messages ready for a consumer (a passive declare does not count those delivered and unacknowledged; once the last
     * worker has stopped, anything it did not acknowledge is ready again and counts).
     */
    private int queued() throws IOException {
        try (Channel channel = broker.createChannel()) {
            return channel.queueDeclarePassive(name).getMessageCount();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static boolean status(int port) throws IOException, InterruptedException {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/status")).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    private static Map<String, Long> countByMarker(Path data) throws IOException {
        try (LuceneEventStore store = LuceneEventStore.open(DataLayout.under(data).store(), Clock.systemUTC())) {
            SearchQuery query = SearchQuery.all().addAggregation(new TermsAggregation("details.marker", TermsAggregation.MAX_SIZE));
            Map<String, Long> counts = new HashMap<>();
            for (Bucket bucket : store.aggregate(query, List.of("events-weekly"), 0).aggregations().get("details.marker")) {
                counts.put(String.valueOf(bucket.key()), bucket.count());
            }
            return counts;
        }
    }

    /** Keep-alive clients posting events with unique markers, noting which ones intake acknowledged. */
    private static final class Load {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final AtomicBoolean stopped = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        static Load start(int port) {
            Load load = new Load();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                load.threads.add(Thread.ofVirtual().start(() -> load.post(port, client)));
            }
            return load;
        }

        private void post(int port, int client) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/events");
            for (int i = 0; !stopped.get(); i++) {
                String marker = "m-" + client + "-" + i;
                sent.add(marker);
                String body = "{\"summary\": \"transport test\", \"details\": {\"marker\": \"" + marker + "\"}}";
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        acked.add(marker);
                    }
                } catch (IOException e) {
                    // Not acknowledged: may or may not be stored.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
        }
    }
}
