package org.rampart.server.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent keep-alive clients that post events with unique markers ({@code details.marker}, in round
 * {@code details.round}) to a real intake and note which were acknowledged (2xx) and every reply status. A refused
 * event (429, 503) is not acknowledged; the client pauses briefly, as a shipper would, and sends the next one.
 */
public final class EventLoad {
    private static final Duration PAUSE_AFTER_REFUSAL = Duration.ofMillis(20);

    public final String round;
    public final Set<String> acked = ConcurrentHashMap.newKeySet();
    public final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** The {@code utctimestamp} each event that carries its own was sent with. */
    final Map<String, Instant> ownTimestamps = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Map<Integer, String> lastBodies = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final int paddingBytes;
    private final boolean timestamped;

    private EventLoad(String round, int paddingBytes, boolean timestamped) {
        this.round = round;
        this.paddingBytes = paddingBytes;
        this.timestamped = timestamped;
    }

    /**
     * Starts {@code clients} clients on intake port {@code port}, each sending up to {@code eventsPerClient} events
     * padded by {@code paddingBytes} random letters (to fill a disk or a journal faster: they do not compress).
     */
    public static EventLoad start(int port, String round, int clients, int eventsPerClient, int paddingBytes) {
        return start(new EventLoad(round, paddingBytes, false), port, clients, eventsPerClient);
    }

    /**
     * As {@link #start(int, String, int, int, int)}, unpadded, but every other event carries its own
     * {@code utctimestamp}, the client's clock when it is sent ({@link #ownTimestamps}).
     */
    static EventLoad startHalfTimestamped(int port, String round, int clients, int eventsPerClient) {
        return start(new EventLoad(round, 0, true), port, clients, eventsPerClient);
    }

    private static EventLoad start(EventLoad load, int port, int clients, int eventsPerClient) {
        for (int c = 0; c < clients; c++) {
            int client = c;
            load.threads.add(Thread.ofVirtual().start(() -> load.post(port, client, eventsPerClient)));
        }
        return load;
    }

    private void post(int port, int client, int events) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/events");
        for (int i = 0; i < events && !stopped.get(); i++) {
            String marker = round + "-" + client + "-" + i;
            String own = "";
            if (timestamped && i % 2 == 0) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                ownTimestamps.put(marker, now);
                own = "\"utctimestamp\": \"" + now + "\", ";
            }
            String body = "{" + own + "\"summary\": \"fault test\", \"details\": {\"round\": \"" + round
                    + "\", \"marker\": \"" + marker + "\", \"padding\": \"" + padding() + "\"}}";
            sent.add(marker);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                if (response.statusCode() / 100 == 2) {
                    acked.add(marker);
                } else {
                    lastBodies.put(response.statusCode(), response.body());
                    Thread.sleep(PAUSE_AFTER_REFUSAL);
                }
            } catch (IOException e) {
                return; // the server is gone: this event is not acknowledged, and may or may not be stored
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String padding() {
        StringBuilder padding = new StringBuilder(paddingBytes);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < paddingBytes; i++) {
            padding.append((char) ('a' + random.nextInt(26)));
        }
        return padding.toString();
    }

    /** How many replies had {@code status} so far. */
    public int replies(int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Every reply status seen, with its count. */
    public Map<Integer, Integer> statuses() {
        Map<Integer, Integer> copy = new java.util.TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    /** The body of the last reply with {@code status}, or null. */
    public String lastBody(int status) {
        return lastBodies.get(status);
    }

    /** Stops the clients after their current request and waits for them. */
    public void stop() throws InterruptedException {
        stopped.set(true);
        awaitEnd();
    }

    /** Waits until every client has sent its events or stopped. */
    public void awaitEnd() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(60));
        }
    }
}
