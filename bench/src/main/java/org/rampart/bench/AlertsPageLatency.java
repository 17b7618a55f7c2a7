package org.rampart.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartServer;
import org.rampart.web.auth.Role;

/**
 * The web UI's alerts page over many stored alerts: time to the first byte of {@code GET /alerts} (the page is
 * rendered whole before it is sent, so the first byte comes when the page is ready) and to its last byte.
 *
 * <p>Starts an embedded server on a fresh data folder, stores {@code alerts} alerts over the last day, shaped like the
 * demo's (half of them one repeated promiscuous-mode alert, the rest spread over 200 summaries), logs in through
 * {@code /api/login} and asks for the page {@code requests} times after a warm-up of 20, one request at a time.
 *
 * <p>Usage: {@code java -cp ... org.rampart.bench.AlertsPageLatency [alerts=10000] [requests=200]}.
 */
public final class AlertsPageLatency {
    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path data = Files.createTempDirectory("rampart-alerts-page");
        try (RampartServer server = RampartServer.start(RampartConfig.load(null, Map.of()).with(Map.of(
                "data.dir", data.toString(), "intake.port", "0", "rest.port", "0", "web.port", "0")))) {
            Instant now = Instant.now();
            for (int i = 0; i < alerts; i++) {
                boolean promisc = i % 2 == 0;
                ObjectNode alert = Json.object()
                        .put("classname", promisc ? "PromiscAudit" : "AlertBruteforceSsh")
                        .put("summary", promisc ? "Promiscuous mode enabled on db3.example.com"
                                : (100 + i % 200) + " ssh bruteforce attempts by 203.0.113." + (i % 200))
                        .put("category", promisc ? "promisc" : "bruteforce").put("severity", "WARNING")
                        .put("utctimestamp", Timestamps.isoformat(now.minusMillis(86_400_000L * i / alerts)));
                server.store().saveAlert(null, alert);
            }
            server.store().refresh();
            String password = server.accounts().resetOrCreate("bench", Role.VIEWER, "bench");
            String base = "http://" + server.bindAddress() + ":" + server.webPort();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            Json.object().put("name", "bench").put("password", password).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow(
                    () -> new IllegalStateException("login failed: " + login.statusCode() + " " + login.body()));
            HttpRequest page = HttpRequest.newBuilder(URI.create(base + "/alerts"))
                    .header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))).build();

            Histogram firstByte = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
            Histogram lastByte = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
            long bytes = 0;
            for (int i = -20; i < requests; i++) {
                long start = System.nanoTime();
                HttpResponse<InputStream> reply = http.send(page, HttpResponse.BodyHandlers.ofInputStream());
                long headers = System.nanoTime();
                try (InputStream body = reply.body()) {
                    bytes = body.readAllBytes().length;
                }
                long end = System.nanoTime();
                if (reply.statusCode() != 200) {
                    throw new IllegalStateException("GET /alerts answered " + reply.statusCode());
                }
                if (i >= 0) {
                    firstByte.recordValue((headers - start) / 1000);
                    lastByte.recordValue((end - start) / 1000);
                }
            }
            System.out.printf("alerts page over %,d alerts, %d requests (%,d bytes each):%n", alerts, requests, bytes);
            print("first byte", firstByte);
            print("last byte", lastByte);
        }
    }

    private static void print(String what, Histogram h) {
        System.out.printf("  %-10s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", what,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
