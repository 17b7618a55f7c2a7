package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.AlertScheduler;
import org.rampart.event.Json;
import org.rampart.event.config.DataLayout;
import org.rampart.query.contract.MutableClock;
import org.rampart.store.lucene.LuceneEventStore;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.rest.spi.RestPlugin;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.schedules.AlertSchedules;
import org.rampart.web.schedules.ScheduleRuntime;
import org.rampart.web.state.StateDatabase;

/** A real REST server on a free port over a real Lucene store and real H2 state, with a clock the test moves. */
final class RestFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Duration WINDOW = Duration.ofMinutes(15);

    final MutableClock clock = new MutableClock(START);
    final LuceneEventStore store;
    final StateDatabase state;
    final ApiToken token;
    final RestServer server;
    final Accounts accounts;
    final LiveEvents live = new LiveEvents();
    /** A real scheduler running {@link #SCHEDULED} on the fixture's clock, each run saving one alert-like object. */
    final AlertScheduler scheduler;
    final AlertSchedules schedules;
    /** The scheduled alerts: name to crontab. */
    static final Map<String, String> SCHEDULED = Map.of("bruteforce.AlertBruteforce", "*/5 * * * *",
            "watch.AlertWatch", "*/1 * * * *");
    private final HttpClient http = HttpClient.newHttpClient();

    RestFixture(Path dir) {
        this(dir, 5, 20, false);
    }

    RestFixture(Path dir, int failuresPerAccount, int failuresPerAddress, boolean secureCookie) {
        this(dir, 0, security(failuresPerAccount, failuresPerAddress, secureCookie), List.of());
    }

    /** A server that also runs {@code restPlugins}, as drop-in jars would give them. */
    RestFixture(Path dir, List<RestPlugin> restPlugins) {
        this(dir, 0, security(5, 20, false), restPlugins);
    }

    /** A server on {@code port} (0 for any free one) with {@code security}. */
    RestFixture(Path dir, int port, RestServer.Security security) {
        this(dir, port, security, List.of());
    }

    private RestFixture(Path dir, int port, RestServer.Security security, List<RestPlugin> restPlugins) {
        store = LuceneEventStore.open(dir.resolve("store"), clock);
        state = StateDatabase.openEmbedded(DataLayout.under(dir).state());
        token = ApiToken.loadOrCreate(DataLayout.under(dir).apiToken());
        schedules = new AlertSchedules(state, new AuditLog(state, clock), clock, live);
        scheduler = new AlertScheduler(clock, AlertRuns.observed(
                name -> SCHEDULED.containsKey(name) ? () -> List.of(Json.object()) : null, schedules));
        scheduler.sync(SCHEDULED);
        try {
            schedules.attach(ScheduleRuntime.of(scheduler));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        scheduler.start();
        server = RestServer.start(new RestServer.Settings("127.0.0.1", port, store, state, token, clock, security),
                Map.of(), restPlugins, live, schedules);
        accounts = new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock);
    }

    private static RestServer.Security security(int failuresPerAccount, int failuresPerAddress, boolean secureCookie) {
        return new RestServer.Security(new Sessions.Timeouts(IDLE, ABSOLUTE),
                new LoginThrottle.Limits(failuresPerAccount, failuresPerAddress, WINDOW), secureCookie);
    }

    /** The password the fixture gives an account it creates. */
    static String passwordOf(String name) {
        return name + "-password-1234";
    }

    void addAccount(String name, Role role) throws Exception {
        accounts.add(name, role, passwordOf(name).toCharArray(), "test");
    }

    /** Logs in through {@code POST /login} and returns the session, asserting it worked. */
    Session login(String name) throws Exception {
        HttpResponse<String> r = login(name, passwordOf(name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Session(cookie, Json.MAPPER.readTree(r.body()).path("csrfToken").asText());
    }

    HttpResponse<String> login(String name, String password) throws Exception {
        String body = Json.object().put("name", name).put("password", password).toString();
        return send("POST", "/login", body, "Content-Type", "application/json");
    }

    /** Sends a request; {@code headers} are name, value pairs. */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String[] bearer(String secret) {
        return new String[] {"Authorization", "Bearer " + secret};
    }

    String[] serviceToken() {
        return bearer(token.value());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Override
    public void close() {
        scheduler.close();
        server.close();
        state.close();
        store.close();
    }

    /** A login session as a client holds it: the cookie and the CSRF token from the login reply. */
    record Session(String cookie, String csrf) {
        /** The cookie and the CSRF token, as a page of the UI would send them. */
        String[] headers() {
            return new String[] {"Cookie", cookie, RouteTable.CSRF_HEADER, csrf};
        }

        /** The cookie alone, as a cross-site request would carry it if the browser sent it. */
        String[] cookieOnly() {
            return new String[] {"Cookie", cookie};
        }

        /** {@link #headers()} plus more pairs. */
        String[] with(String... more) {
            List<String> all = new ArrayList<>(List.of(headers()));
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }
}
