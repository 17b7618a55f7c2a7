package org.rampart.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;

/**
 * MozDef's demo traffic: its sample events (benign syslog, auditd, CloudTrail, logins, and the ones meant to
 * make alerts fire), re-stamped with the current time and sent to intake's {@code /_bulk} at a steady pace.
 * {@code <randomipaddress>} placeholders draw from a small set of "attackers", so that aggregating alerts see
 * repeated sources, as in a real attack.
 */
public final class DemoTraffic {
    private static final List<String> SAMPLE_FILES = List.of(
            "events-benign.json", "events-auditd.json", "events-cloudtrail.json", "events-logins-failure.json",
            "events-logins-success.json", "events-network.json", "alertcreating-bro-intel.json",
            "alertcreating-bro-notice.json", "alertcreating-bruteforce-ssh.json", "alertcreating-fail2ban.json",
            "alertcreating-duo-promisc.json");
    private static final String[] ATTACKERS = {"203.0.113.7", "198.51.100.23", "192.0.2.44", "203.0.113.99"};
    private static final int BATCH = 200;

    /** What was sent and how intake answered. */
    public record Summary(long sent, long accepted, long refused) {}

    private final URI bulkUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ObjectNode> pool = loadSamples();
    private final Random random = new Random(42);
    private final Clock clock = Clock.systemUTC();
    private final Supplier<String> events;

    /** MozDef's sample events. */
    public DemoTraffic(URI bulkUri) {
        this.bulkUri = bulkUri;
        this.events = () -> next().toString();
    }

    /** Other events, one JSON object per call, at the same pace and with the same handling of push-back. */
    public DemoTraffic(URI bulkUri, Supplier<String> events) {
        this.bulkUri = bulkUri;
        this.events = events;
    }

    /** Sends {@code total} events spread over {@code over}; returns when done. */
    public Summary send(int total, Duration over) {
        long accepted = 0;
        long refused = 0;
        long start = System.nanoTime();
        long nanosPerEvent = Math.max(1, over.toNanos() / Math.max(1, total));
        int sent = 0;
        while (sent < total) {
            int n = Math.min(BATCH, total - sent);
            StringBuilder body = new StringBuilder(n * 600);
            for (int i = 0; i < n; i++) {
                body.append(events.get()).append('\n');
            }
            if (post(body.toString())) {
                accepted += n;
            } else {
                refused += n;
            }
            sent += n;
            long due = start + sent * nanosPerEvent;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            }
        }
        return new Summary(sent, accepted, refused);
    }

    private ObjectNode next() {
        ObjectNode event = pool.get(random.nextInt(pool.size())).deepCopy();
        String now = Timestamps.isoformat(clock.instant());
        event.put("utctimestamp", now);
        event.put("timestamp", now);
        event.remove("receivedtimestamp");
        if (event.path("summary").isTextual() && event.get("summary").asText().contains("<randomipaddress>")) {
            String ip = ATTACKERS[random.nextInt(ATTACKERS.length)];
            event.put("summary", event.get("summary").asText().replace("<randomipaddress>", ip));
        }
        return event;
    }

    /** Posts one batch, waiting and retrying while intake pushes back; false when it kept refusing. */
    private boolean post(String ndjson) {
        HttpRequest request = HttpRequest.newBuilder(bulkUri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build();
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() / 100 == 2) {
                    return true;
                }
                if (reply.statusCode() != 429 && reply.statusCode() != 503) {
                    System.err.println("demo: intake answered " + reply.statusCode() + ": " + reply.body());
                    return false;
                }
                long retryAfter = reply.headers().firstValueAsLong("Retry-After").orElse(1);
                sleep(Duration.ofSeconds(Math.max(1, retryAfter)));
            } catch (IOException e) {
                sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static List<ObjectNode> loadSamples() {
        List<ObjectNode> samples = new ArrayList<>();
        for (String name : SAMPLE_FILES) {
            try (InputStream in = DemoTraffic.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("demo sample missing from the build: " + name);
                }
                for (JsonNode node : (ArrayNode) Json.MAPPER.readTree(in)) {
                    ObjectNode event = (ObjectNode) node;
                    int copies = Math.max(1, event.path("duplicate").asInt(1));
                    event.remove("duplicate");
                    for (int i = 0; i < copies; i++) {
                        samples.add(event);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(samples);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
