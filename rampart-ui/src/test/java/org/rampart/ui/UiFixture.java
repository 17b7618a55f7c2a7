package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.rampart.alerts.AlertEnvironment;
import org.rampart.alerts.AlertWriter;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.AlertScheduler;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.config.DataLayout;
import org.rampart.store.lucene.LuceneEventStore;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.PasswordHasher;
import org.rampart.web.auth.Role;
import org.rampart.web.auth.Sessions;
import org.rampart.web.live.LiveEvents;
import org.rampart.web.rest.RestServer;
import org.rampart.web.schedules.AlertSchedules;
import org.rampart.web.schedules.ScheduleRuntime;
import org.rampart.web.state.StateDatabase;

/**
 * A real Rampart behind the UI: a Lucene store and H2 state in a temporary folder, the REST server and the UI server on
 * free ports, alerts saved the way the alert runtime saves them (so the live stream announces them), a real scheduler
 * running {@link #SCHEDULED} (each run finds nothing), and four accounts: ada (admin), alice and bob (analysts), vera
 * (viewer).
 */
final class UiFixture implements AutoCloseable {
    final Clock clock = Clock.systemUTC();
    final LuceneEventStore store;
    final StateDatabase state;
    final LiveEvents live = new LiveEvents();
    /** The scheduled alerts, name to crontab: one runs every minute, so a test sees a run within one. */
    static final Map<String, String> SCHEDULED = Map.of("bruteforce_ssh.AlertBruteforceSsh", "*/5 * * * *",
            "watch.AlertWatch", "* * * * *");
    final AlertScheduler scheduler;
    final RestServer rest;
    final UiServer ui;
    private final AlertWriter alerts;

    UiFixture(Path dir) throws Exception {
        this(dir, 0, null);
    }

    /** A UI on {@code uiPort} (0: any free one) with OIDC login through {@code oidc} (null: none). */
    UiFixture(Path dir, int uiPort, OidcLogin.Settings oidc) throws Exception {
        store = LuceneEventStore.open(dir.resolve("store"), clock);
        state = StateDatabase.openEmbedded(DataLayout.under(dir).state());
        RestServer.Security security = new RestServer.Security(
                new Sessions.Timeouts(Duration.ofMinutes(30), Duration.ofHours(12)),
                // Tests log in often from one address: the throttle must not get in their way.
                new LoginThrottle.Limits(100, 1000, Duration.ofMinutes(1)), false, oidc);
        AlertSchedules schedules = new AlertSchedules(state, new AuditLog(state, clock), clock, live);
        scheduler = new AlertScheduler(clock, AlertRuns.observed(
                name -> SCHEDULED.containsKey(name) ? List::<ObjectNode>of : null, schedules));
        scheduler.sync(SCHEDULED);
        schedules.attach(ScheduleRuntime.of(scheduler));
        scheduler.start();
        rest = RestServer.start(new RestServer.Settings("127.0.0.1", 0, store, state,
                ApiToken.loadOrCreate(DataLayout.under(dir).apiToken()), clock, security), Map.of(), List.of(), live,
                schedules);
        // No intake or journal here: the health page's counters are tested against the whole server (rampart-server).
        ui = UiServer.start(new UiServer.Settings("127.0.0.1", uiPort, null), rest, () -> Json.object());
        Accounts accounts = new Accounts(state, PasswordHasher.owasp(), new AuditLog(state, clock), clock);
        accounts.add("ada", Role.ADMIN, passwordOf("ada").toCharArray(), "test");
        accounts.add("alice", Role.ANALYST, passwordOf("alice").toCharArray(), "test");
        accounts.add("bob", Role.ANALYST, passwordOf("bob").toCharArray(), "test");
        accounts.add("vera", Role.VIEWER, passwordOf("vera").toCharArray(), "test");
        alerts = new AlertWriter(AlertEnvironment.builder(store, clock).sink(live).build());
    }

    static String passwordOf(String name) {
        return name + "-password-1234";
    }

    String url(String path) {
        return "http://127.0.0.1:" + ui.port() + path;
    }

    /** Saves an alert now, as a fired alert task would (the live stream announces it); returns its id. */
    String saveAlert(String classname, String summary, String category, String severity) {
        return saveAlert(Json.object().put("classname", classname).put("summary", summary).put("category", category)
                .put("severity", severity).put("utctimestamp", Timestamps.isoformat(clock.instant())));
    }

    String saveAlert(ObjectNode alert) {
        String id = alerts.save(alert, List.of(), false).orElseThrow().id();
        store.refresh();
        return id;
    }

    @Override
    public void close() {
        scheduler.close();
        // The REST server ends the live stream, which the UI serves too, before the UI stops.
        rest.close();
        ui.close();
        state.close();
        store.close();
    }
}
