package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.query.TermsAggregation;
import org.rampart.event.config.DataLayout;
import org.rampart.query.Bucket;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * The durability promise end to end: a real Rampart process takes events from concurrent keep-alive clients and is
 * killed with SIGKILL, once in the middle of the load and once right after a store commit; after a restart and a
 * graceful stop, every acknowledged event is in the store exactly once, and no other event more than once.
 */
class CrashRecoveryTest {
    private static final int CLIENTS = 8;
    private static final int MAX_EVENTS_PER_CLIENT = 1_000;
    private static final int ACKED_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceAfterKills() throws Exception {
        Path data = dir.resolve("data");
        int port = freePort();
        Path config = dir.resolve("rampart.yml");
        Files.writeString(config, """
                data:
                  dir: "%s"
                bind: 127.0.0.1
                intake:
                  port: %d
                rest:
                  port: %d
                web:
                  port: %d
                store:
                  commit_interval: 700ms
                pipeline:
                  workers: 2
                  batch_size: 200
                mozdef:
                  hostname: crashtest
                """.formatted(data.toString().replace("\\", "/"), port, freePort(), freePort()));
        List<Load> rounds = new ArrayList<>();

        // 1: SIGKILL in the middle of the load.
        Process rampart = start(config, port);
        note("started");
        Load duringLoad = Load.start(port, "during-load");
        rounds.add(duringLoad);
        await().atMost(Duration.ofSeconds(30)).until(() -> duringLoad.acked.size() >= ACKED_BEFORE_KILL);
        note("killing with " + duringLoad.acked.size() + " acked");
        kill(rampart);
        duringLoad.stop();

        // 2: SIGKILL right after a commit (the journal checkpoint file has just been replaced).
        rampart = start(config, port);
        note("restarted");
        Load afterCommit = Load.start(port, "after-commit");
        rounds.add(afterCommit);
        await().atMost(Duration.ofSeconds(30)).until(() -> afterCommit.acked.size() >= ACKED_BEFORE_KILL);
        String checkpoint = checkpoint(data);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> !checkpoint(data).equals(checkpoint));
        note("killing after commit with " + afterCommit.acked.size() + " acked");
        kill(rampart);
        afterCommit.stop();

        // Restart, let it replay the journal, stop it gracefully (SIGTERM: drain, commit, checkpoint).
        rampart = start(config, port);
        note("restarted to recover");
        rampart.destroy();
        assertThat(rampart.waitFor(60, TimeUnit.SECONDS)).as("graceful stop within 60 s").isTrue();

        note("stopped");
        try (LuceneEventStore store = LuceneEventStore.open(DataLayout.under(data).store(), Clock.systemUTC())) {
            for (Load round : rounds) {
                Map<String, Long> stored = countByMarker(store, round.name);
                assertThat(round.acked).as(round.name + ": acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL);
                for (String marker : round.acked) {
                    assertThat(stored.get(marker)).as(round.name + " acknowledged " + marker).isEqualTo(1L);
                }
                assertThat(stored.values()).as(round.name + ": no event twice").allMatch(count -> count == 1L);
                assertThat(round.sent.keySet()).as(round.name + ": nothing stored that was not sent")
                        .containsAll(stored.keySet());
            }
        }
    }

    private static final long T0 = System.nanoTime();

    private static void note(String what) {
        System.out.printf("crash test +%d ms: %s%n", (System.nanoTime() - T0) / 1_000_000, what);
    }

    private static Map<String, Long> countByMarker(LuceneEventStore store, String round) {
        SearchQuery query = SearchQuery.all().addMust(new TermMatch("details.round", round))
                .addAggregation(new TermsAggregation("details.marker", TermsAggregation.MAX_SIZE));
        Map<String, Long> counts = new HashMap<>();
        for (Bucket bucket : store.aggregate(query, List.of("events-weekly"), 0).aggregations().get("details.marker")) {
            counts.put(String.valueOf(bucket.key()), bucket.count());
        }
        return counts;
    }

    private Process start(Path config, int port) throws Exception {
        Path log = Files.createTempFile(dir, "rampart", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), org.rampart.server.Main.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build();
        // A whole server's start (intake, REST, web UI): slow on a loaded machine.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("Rampart exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                return client.send(status, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
        process.waitFor();
    }

    private static String checkpoint(Path data) throws IOException {
        Path file = data.resolve("journal/checkpoint");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Concurrent keep-alive clients that post events with unique markers and note which ones were acknowledged. */
    private static final class Load {
        final String name;
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final Map<String, Boolean> sent = new ConcurrentHashMap<>();
        final AtomicBoolean stopped = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        private Load(String name) {
            this.name = name;
        }

        static Load start(int port, String name) {
            Load load = new Load(name);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                load.threads.add(Thread.ofVirtual().start(() -> load.post(port, client)));
            }
            return load;
        }

        private void post(int port, int client) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/events");
            for (int i = 0; i < MAX_EVENTS_PER_CLIENT && !stopped.get(); i++) {
                String marker = name + "-" + client + "-" + i;
                String body = "{\"summary\": \"crash test\", \"details\": {\"round\": \"" + name + "\", \"marker\": \"" + marker + "\"}}";
                sent.put(marker, true);
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() / 100 == 2) {
                        acked.add(marker);
                    }
                } catch (IOException e) {
                    return; // the server is gone: this event is not acknowledged, and may or may not be stored
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(15));
            }
        }
    }
}
