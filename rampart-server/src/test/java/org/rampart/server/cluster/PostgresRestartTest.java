package org.rampart.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.server.run.EventLoad;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.run.StoredEvents;

/**
 * The state's PostgreSQL lost under load ({@code state.type: postgresql}, a database of the test's own): every backend
 * of the server is terminated again and again for a few seconds, as a PostgreSQL restart does to a pool, without
 * restarting the server this machine shares. The API answers 503 (never 500) while its connections die, works again
 * by itself afterwards, and every incident it acknowledged (201) is in the database; event intake is unaffected.
 */
class PostgresRestartTest {
    private static final Duration OUTAGE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private PostgresDatabase database;
    private RampartProcess server;

    @BeforeEach
    void start() throws Exception {
        database = new PostgresDatabase();
        server = new RampartProcess(dir, dir.resolve("data")).set("state.type", "postgresql")
                .set("state.url", database.url()).set("state.user", "postgres").start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        database.close();
    }

    @Test
    void theApiAnswers503WhileItsConnectionsDieAndNoAcknowledgedIncidentIsLost() throws Exception {
        String token = Files.readString(DataLayout.under(server.data()).apiToken()).strip();
        IncidentLoad incidents = new IncidentLoad(server.restPort(), token);
        Thread creator = Thread.ofVirtual().start(incidents::run);
        EventLoad events = EventLoad.start(server.intakePort(), "postgres-restart", 2, Integer.MAX_VALUE, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> incidents.acked.size() >= 50 && events.acked.size() >= 500);

        int terminated = terminateBackendsFor(OUTAGE);
        int ackedAfterOutage = incidents.acked.size();
        await().atMost(Duration.ofSeconds(120)).until(() -> incidents.acked.size() >= ackedAfterOutage + 50);
        incidents.stopped.set(true);
        creator.join(Duration.ofSeconds(60));
        events.stop();

        Set<String> stored = storedIncidents();
        int found = (int) incidents.acked.stream().filter(stored::contains).count();
        System.out.printf("postgresql restart: %d backends terminated; incident replies %s; event replies %s%n",
                terminated, incidents.statuses, events.statuses());
        assertThat(incidents.statuses.keySet()).as("the API answers 201 or 503, never 500").containsOnly(201, 503);
        assertThat(incidents.statuses.getOrDefault(503, 0)).as("refused while its connections died").isPositive();
        assertThat(incidents.lastRefusal).contains("retry");
        StoredEvents.report("PostgreSQL connections lost (state.type: postgresql; incidents created through the API)",
                "1 API client creating incidents, 2 intake clients", incidents.acked.size(), found, 0, 0);
        assertThat(incidents.acked).as("every acknowledged incident is in the database").allMatch(stored::contains);
        assertThat(events.statuses().keySet()).as("event intake unaffected").containsOnly(200);
        server.stop();
        StoredEvents.verify(server.data(), "PostgreSQL connections lost: events intake",
                "2 intake clients beside the API's", List.of(events));
    }

    /**
     * Terminates every backend of the test's database, every 100 ms during {@code outage} (a pool reconnecting meanwhile
     * loses its new connections too); returns how many were terminated.
     */
    private int terminateBackendsFor(Duration outage) throws Exception {
        int terminated = 0;
        long end = System.nanoTime() + outage.toNanos();
        try (Connection admin = DriverManager.getConnection(database.url().replace(database.name, "postgres"), "postgres", "");
             PreparedStatement terminate = admin.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            terminate.setString(1, database.name);
            while (System.nanoTime() < end) {
                try (ResultSet r = terminate.executeQuery()) {
                    r.next();
                    terminated += r.getInt(1);
                }
                Thread.sleep(100);
            }
        }
        return terminated;
    }

    private Set<String> storedIncidents() throws SQLException {
        Set<String> summaries = new HashSet<>();
        try (Connection c = DriverManager.getConnection(database.url(), "postgres", "");
             ResultSet r = c.createStatement().executeQuery("SELECT summary FROM incident")) {
            while (r.next()) {
                summaries.add(r.getString(1));
            }
        }
        return summaries;
    }

    /** One API client creating incidents with unique summaries, one after the other, noting the acknowledged ones. */
    private static final class IncidentLoad {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final AtomicBoolean stopped = new AtomicBoolean();
        volatile String lastRefusal = "";
        private final URI uri;
        private final String token;

        IncidentLoad(int restPort, String token) {
            this.uri = URI.create("http://127.0.0.1:" + restPort + "/incidents");
            this.token = token;
        }

        void run() {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; !stopped.get(); i++) {
                String summary = "incident-" + i;
                try {
                    HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"summary\": \"" + summary + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    synchronized (statuses) {
                        statuses.merge(reply.statusCode(), 1, Integer::sum);
                    }
                    if (reply.statusCode() == 201) {
                        acked.add(summary);
                    } else {
                        lastRefusal = reply.body();
                        Thread.sleep(20);
                    }
                } catch (IOException e) {
                    synchronized (statuses) {
                        statuses.merge(-1, 1, Integer::sum); // no reply at all: counted, and fails the test
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
