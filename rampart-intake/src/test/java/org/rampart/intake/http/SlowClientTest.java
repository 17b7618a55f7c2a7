package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send their body slowly, or many requests at once, hold their own slots and never everyone's. Every
 * 127.0.0.0/8 address is the loopback on Linux, so one test can be many clients.
 */
class SlowClientTest {
    private static final String EVENT = "{\"summary\": \"slow\"}";
    private static final int HEAD_START = 5;

    @TempDir
    Path dir;

    private static IntakeSettings settings(int maxInFlight, int perClient, long minBodyRate) {
        return new IntakeSettings("127.0.0.1", 0, 1 << 20, 1 << 16, 1000, null, 64L << 20, maxInFlight, perClient, minBodyRate,
                Duration.ofSeconds(3));
    }

    /** A request from {@code from} that has sent its headers and the first bytes of its body, and waits. */
    private static Socket startTrickle(IntakeFixture intake, String from) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), intake.server.port(), InetAddress.getByName(from), 0);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: " + EVENT.length() + "\r\n\r\n"
                + EVENT.substring(0, HEAD_START)).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Sends the rest of the body and reads the status line of the reply. */
    private static String finish(Socket socket) throws IOException {
        socket.getOutputStream().write(EVENT.substring(HEAD_START).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return statusLine(socket.getInputStream());
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    private static HttpResponse<String> post(IntakeFixture intake, String from) throws Exception {
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(intake.url("/events")))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(EVENT)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sixHundredTricklingBodiesDoNotLockOutAnotherClient() throws Exception {
        // The attack: more slow bodies than intake.max_in_flight, from ten addresses (within each one's limit).
        try (IntakeFixture intake = new IntakeFixture(dir, settings(512, 64, 1))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 600; i++) {
                    slow.add(startTrickle(intake, "127.0.0." + (10 + i % 10)));
                }

                HttpResponse<String> normal = post(intake, "127.0.0.2");

                assertThat(normal.statusCode()).isEqualTo(200);
                // The slow requests were in flight all along: finished, every one is taken.
                for (Socket socket : slow) {
                    assertThat(finish(socket)).isEqualTo("HTTP/1.1 200 OK");
                }
                assertThat(intake.newEntries()).hasSize(601);
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void oneClientGets429OnceItsOwnSlotsAreTakenWhileOthersAreServed() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(512, 2, 1));
                Socket first = startTrickle(intake, "127.0.0.1");
                Socket second = startTrickle(intake, "127.0.0.1")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> third = post(intake, "127.0.0.1");
                assertThat(third.statusCode()).isEqualTo(429);
                assertThat(third.headers().firstValue("Retry-After")).hasValue("3");
            });
            assertThat(post(intake, "127.0.0.3").statusCode()).isEqualTo(200);

            assertThat(finish(first)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(finish(second)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(post(intake, "127.0.0.1").statusCode()).isEqualTo(200);
            assertThat(intake.server.metrics().rejected("busy")).isPositive();
            assertThat(intake.newEntries()).hasSize(4);
        }
    }

    @Test
    void aClientOverItsRequestRateGets429WhileOthersAreServed() throws Exception {
        IntakeSettings limited = new IntakeSettings("127.0.0.1", 0, 1 << 20, 1 << 16, 1000, null, 64L << 20, 512, 64, 1,
                Duration.ofSeconds(3), Map.of(), null, 2);
        try (IntakeFixture intake = new IntakeFixture(dir, limited)) {
            int accepted = 0;
            int limitedReplies = 0;
            // A burst of twenty: the bucket holds two, and refills two a second, far slower than this loop sends.
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> reply = post(intake, "127.0.0.5");
                if (reply.statusCode() == 200) {
                    accepted++;
                } else {
                    assertThat(reply.statusCode()).isEqualTo(429);
                    assertThat(reply.headers().firstValue("Retry-After")).hasValue("3");
                    assertThat(reply.body()).contains("max_requests_per_second_per_client");
                    limitedReplies++;
                }
            }
            assertThat(limitedReplies).isPositive();
            assertThat(post(intake, "127.0.0.6").statusCode()).isEqualTo(200);
            assertThat(intake.server.metrics().rejected("rate_limited")).isEqualTo(limitedReplies);
            assertThat(intake.newEntries()).hasSize(accepted + 1);
        }
    }

    @Test
    void aBodyBelowTheMinimumRateIsCutOff() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, settings(512, 64, 1024));
                Socket trickle = startTrickle(intake, "127.0.0.1")) {
            trickle.setSoTimeout(20_000);
            OutputStream out = trickle.getOutputStream();
            InputStream in = trickle.getInputStream();
            // One byte a second, as long as the server keeps the connection open (the body is never finished).
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return statusLine(in);
                } catch (IOException e) {
                    return "closed: " + e;
                }
            });
            for (int i = HEAD_START; i < EVENT.length() - 1 && !reply.isDone(); i++) {
                Thread.sleep(1000);
                try {
                    out.write(EVENT.charAt(i));
                    out.flush();
                } catch (IOException e) {
                    break; // the server closed the connection
                }
            }

            assertThat(reply.get()).isEqualTo("HTTP/1.1 408 Request Timeout");
            assertThat(intake.server.metrics().rejected("slow_body")).isEqualTo(1);
            assertThat(intake.newEntries()).isEmpty();
        }
    }

    @Test
    void theIntakeWideBoundCountsRequestsBeingJournaled() throws Exception {
        // The journal waits 3 s before its fsync: the first request holds the only permit that long.
        try (IntakeFixture intake = new IntakeFixture(dir, settings(1, 64, 1024), Duration.ofSeconds(3))) {
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(intake, "127.0.0.1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(post(intake, "127.0.0.2").statusCode()).isEqualTo(429));

            assertThat(first.get().statusCode()).isEqualTo(200);
            assertThat(intake.server.metrics().rejected("busy")).isPositive();
        }
    }
}
