package org.rampart.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.event.testing.RepoRoot;
import org.rampart.query.IndexNames;
import org.rampart.server.run.RampartServer;
import org.rampart.web.auth.Role;

/**
 * A real server scraped over HTTP: events sent to the intake, an alert run and its actions delivered (one webhook that
 * answers, one that fails into the dead letters) move the named series; {@code /metrics} needs an admin's credential.
 */
class MetricsEndpointTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private HttpServer receiver;
    private RampartServer server;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path alerts = Files.createDirectories(data.resolve("alerts/rules"));
        Files.writeString(alerts.resolve("root_su.json"), """
                {"search_string": "summary:\\"su root\\"", "filters": [], "aggregation_key": "hostname",
                 "time_window": 5, "num_samples": 1, "num_aggregations": 1, "alert_category": "access",
                 "alert_tags": ["su"], "alert_severity": "WARNING", "alert_summary": "su to root", "alert_url": ""}""");
        Files.writeString(data.resolve("alerts/actions.yml"), """
                actions:
                  - {type: webhook, url: "%s/ok"}
                  - {type: slack, url: "%s/fail"}
                action_queue: {max_attempts: 1, backoff_ms: 0}
                """.formatted(base, base));
        Path schedules = Files.writeString(data.resolve("schedules.yml"), "alerts: {}\n");
        Map<String, String> overrides = new HashMap<>(Map.of("data.dir", data.toString(), "intake.port", "0",
                "rest.port", "0", "store.refresh_interval", "100ms", "store.commit_interval", "200ms",
                "metrics.event_stats.interval", "500ms", "web.port", "0",
                // The actions deliver to this test's receiver on loopback, which outbound calls refuse unless listed.
                "outbound.allowed_networks", "127.0.0.1",
                // Only the test's own run of its rule may raise alerts: a scheduled run of it, or of a bundled alert
                // (the deadman alerts fire on an empty store), would deliver more than the one alert counted below.
                "alerts.schedule_file", schedules.toString(), "alerts.rules_schedule", "0 0 1 1 *"));
        server = RampartServer.start(RampartConfig.load(null, Map.of()).with(overrides));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.stop(0);
    }

    @Test
    void eventsAnAlertRunAndItsActionsMoveTheNamedSeries() throws Exception {
        String before = scrape();
        assertThat(value(before, "rampart_intake_events_total", "route=\"/events\",source=\"events\"")).isZero();

        for (int i = 0; i < 3; i++) {
            assertThat(post("/events", "{\"summary\": \"user alice ran su root\", \"hostname\": \"db1\","
                    + " \"category\": \"syslog\", \"details\": {\"sourceipaddress\": \"8.8.8.8\"}}").statusCode())
                    .isEqualTo(200);
        }
        assertThat(post("/custom/vpn", "{\"summary\": \"login\"}").statusCode()).isEqualTo(200);
        assertThat(post("/events", "not json").statusCode()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                value(scrape(), "rampart_store_documents_total", "family=\"events\"") >= 4);
        server.store().refresh();
        assertThat(server.alerts().runNow("AlertGenericLoader:root_su")).hasSize(1);

        String after = await().atMost(Duration.ofSeconds(30)).until(this::scrape, text ->
                value(text, "rampart_action_deliveries_total", "action=\"webhook\"") == 1
                        && value(text, "rampart_action_dead_letters_total", "action=\"slack\"") == 1
                        && value(text, "rampart_journal_unconsumed_records", "") == 0);
        assertThat(value(after, "rampart_intake_events_total", "route=\"/events\",source=\"events\"")).isEqualTo(3);
        assertThat(value(after, "rampart_intake_events_total", "route=\"/custom/{application}\",source=\"vpn\"")).isEqualTo(1);
        assertThat(value(after, "rampart_intake_rejected_total", "reason=\"bad_json\"")).isEqualTo(1);
        assertThat(value(after, "rampart_http_requests_total", "route=\"/events\",server=\"intake\",status=\"200\"")).isEqualTo(3);
        assertThat(value(after, "rampart_http_requests_total", "route=\"/events\",server=\"intake\",status=\"400\"")).isEqualTo(1);
        assertThat(value(after, "rampart_store_documents_total", "family=\"alerts\"")).isEqualTo(1);
        assertThat(value(after, "rampart_plugin_seconds_count", "plugin=\"geoip\"")).isEqualTo(3);
        assertThat(value(after, "rampart_store_write_seconds_count", "operation=\"index\"")).isPositive();
        assertThat(value(after, "rampart_store_query_seconds_count", "operation=\"search\"")).isPositive();
        assertThat(value(after, "rampart_alert_run_seconds_count", "alert=\"AlertGenericLoader:root_su\",result=\"fired\"")).isEqualTo(1);
        assertThat(value(after, "rampart_alert_raised_total", "alert=\"AlertGenericLoader:root_su\"")).isEqualTo(1);
        assertThat(value(after, "rampart_journal_unconsumed_bytes", "")).isZero();
        assertThat(value(after, "rampart_journal_oldest_unconsumed_age_seconds", "")).isZero();
        assertThat(value(after, "rampart_journal_quarantined_records", "")).isZero();
        // MozDef's eventStats and verify_event_fields: the three syslog events; the custom one has no category.
        String stats = await().atMost(Duration.ofSeconds(30)).until(this::scrape, text ->
                value(text, "rampart_events_by_category", "category=\"syslog\"") == 3);
        assertThat(value(stats, "rampart_events_missing_field", "field=\"category\"")).isEqualTo(1);
        assertThat(value(stats, "rampart_events_missing_field", "field=\"summary\"")).isZero();
        // The lifecycle's view: today's events partition, with its size on disk.
        String today = "partition=\"" + IndexNames.eventsPartition(LocalDate.now(ZoneOffset.UTC)) + "\"";
        await().atMost(Duration.ofSeconds(30)).until(() -> value(scrape(), "rampart_store_partition_bytes", today) > 0);
        // The scrapes themselves are counted by the REST server, under the route template.
        assertThat(value(after, "rampart_http_requests_total", "route=\"/metrics\",server=\"rest\",status=\"200\"")).isPositive();
        assertThat(dashboardSeries()).as("series the Grafana dashboard queries that the server does not export")
                .isSubsetOf(sampleNames(scrape()));
    }

    /** Every series name examples/grafana/rampart.json queries. */
    private static Set<String> dashboardSeries() throws Exception {
        JsonNode dashboard = Json.MAPPER.readTree(RepoRoot.get().resolve("examples/grafana/rampart.json").toFile());
        Set<String> names = new TreeSet<>();
        Pattern series = Pattern.compile("\\b(?:rampart|jvm|process|system)_[a-z0-9_]+");
        for (JsonNode expr : dashboard.findValues("expr")) {
            series.matcher(expr.asText()).results().forEach(m -> names.add(m.group()));
        }
        assertThat(names).contains("rampart_intake_events_total", "rampart_journal_oldest_unconsumed_age_seconds");
        return names;
    }

    /** The sample names of a Prometheus text exposition. */
    private static Set<String> sampleNames(String exposition) {
        return exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void onlyAnAdminOrATokenMayScrape() throws Exception {
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        server.accounts().add("vera", Role.VIEWER, "a long viewer password".toCharArray(), "test");
        String session = login("vera", "a long viewer password");
        assertThat(CLIENT.send(HttpRequest.newBuilder(rest("/metrics")).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        HttpResponse<String> reply = get("/metrics", server.apiToken());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(reply.body()).contains("# TYPE rampart_journal_unconsumed_bytes gauge").contains("jvm_memory_used_bytes");
    }

    private String login(String name, String password) throws Exception {
        HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(rest("/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"password\": \"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private String scrape() throws Exception {
        HttpResponse<String> reply = get("/metrics", server.apiToken());
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }

    /** The sample of {@code name} with exactly these labels (as Prometheus writes them, sorted), 0 when absent. */
    static double value(String exposition, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + "}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(rest(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.intakePort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI rest(String path) {
        return URI.create("http://127.0.0.1:" + server.restPort() + path);
    }
}
