package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.schedule.AlertRuns;
import org.rampart.alerts.schedule.AlertSchedule;
import org.rampart.alerts.schedule.AlertScheduler;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.schedules.AlertSchedules;
import org.rampart.web.schedules.ScheduleRuntime;

/**
 * MozDef's schedule routes over a real scheduler: listed in MozDef's shape, changed live, counted per run, kept in the
 * state database across a restart, audited; bad changes are 400 and change nothing.
 */
class ScheduleRoutesTest {
    private static final String WATCH = "watch.AlertWatch";
    private static final String BRUTEFORCE = "bruteforce.AlertBruteforce";

    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() {
        rest = new RestFixture(dir);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private JsonNode schedules() throws Exception {
        HttpResponse<String> r = rest.send("GET", "/alertschedules", null, rest.serviceToken());
        assertThat(r.statusCode()).isEqualTo(200);
        return RestFixture.json(r);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return rest.send("POST", path, body, "Authorization", "Bearer " + rest.token.value(), "Content-Type",
                "application/json");
    }

    private static Map<String, String> live(AlertScheduler scheduler) {
        return scheduler.schedules().stream().collect(Collectors.toMap(AlertSchedule::name,
                s -> s.cron() + (s.enabled() ? "" : " off")));
    }

    @Test
    void theSchedulesAreListedInMozDefsShape() throws Exception {
        JsonNode watch = schedules().path(WATCH);
        assertThat(watch.path("name").asText()).isEqualTo(WATCH);
        assertThat(watch.path("_cls").asText()).isEqualTo("PeriodicTask");
        assertThat(watch.path("_id").asText()).matches("[0-9a-f]{24}");
        assertThat(watch.path("enabled").asBoolean()).isTrue();
        assertThat(watch.path("schedule_type").asText()).isEqualTo("crontab");
        assertThat(watch.path("celery_schedule").toString()).isEqualTo("{\"minute\":\"*/1\",\"hour\":\"*\","
                + "\"day_of_week\":\"*\",\"day_of_month\":\"*\",\"month_of_year\":\"*\"}");
        assertThat(watch.path("schedule_str").asText()).isEqualTo("<crontab: */1 * * * * (m/h/d/dM/MY)>");
        assertThat(watch.path("last_run_at").isNull()).isTrue();
        assertThat(watch.path("total_run_count").asLong()).isZero();
        assertThat(watch.path("next_run_at").asText()).isEqualTo("2026-11-23T10:01:00+00:00");
        assertThat(schedules().path(BRUTEFORCE).path("celery_schedule").path("minute").asText()).isEqualTo("*/5");
    }

    @Test
    void anUpdateAppliesAtOnceIsAuditedAndOutlivesARestart() throws Exception {
        // What GET answers can be edited and posted back, as MozDef's UI did.
        ObjectNode watch = (ObjectNode) schedules().path(WATCH);
        ((ObjectNode) watch.path("celery_schedule")).put("minute", "*/10");
        ObjectNode body = Json.object();
        body.set(WATCH, watch);
        HttpResponse<String> r = post("/updatealertschedules", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();

        // The schedule left out is disabled, MozDef's "replace all", and the change is live.
        assertThat(live(rest.scheduler)).isEqualTo(Map.of(WATCH, "*/10 * * * *", BRUTEFORCE, "*/5 * * * * off"));
        JsonNode listed = schedules();
        assertThat(listed.path(BRUTEFORCE).path("enabled").asBoolean()).isFalse();
        assertThat(listed.path(WATCH).path("modifiedby").asText()).isEqualTo("service-token");
        JsonNode audit = RestFixture.json(rest.send("GET", "/audit", null, rest.serviceToken())).path("entries").get(0);
        assertThat(audit.path("action").asText()).isEqualTo("schedule.update");
        assertThat(audit.path("details").path("disabled").toString()).isEqualTo("[\"" + BRUTEFORCE + "\"]");

        // A restart: a new scheduler from alerts.yml's schedules gets the stored changes back.
        try (AlertScheduler restarted = new AlertScheduler(rest.clock, AlertRuns.observed(name -> () -> List.of(),
                AlertRuns.RunListener.NONE))) {
            restarted.sync(RestFixture.SCHEDULED);
            new AlertSchedules(rest.state, new AuditLog(rest.state, rest.clock), rest.clock, rest.live)
                    .attach(ScheduleRuntime.of(restarted));
            assertThat(live(restarted)).isEqualTo(Map.of(WATCH, "*/10 * * * *", BRUTEFORCE, "*/5 * * * * off"));
        }
    }

    @Test
    void oneScheduleIsChangedAloneAtOnce() throws Exception {
        HttpResponse<String> r = rest.send("PATCH", "/alertschedules/" + WATCH, "{\"cron\": \"0 * * * *\","
                + " \"enabled\": false}", "Authorization", "Bearer " + rest.token.value());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(RestFixture.json(r).path("celery_schedule").path("minute").asText()).isEqualTo("0");
        assertThat(RestFixture.json(r).path("enabled").asBoolean()).isFalse();
        assertThat(live(rest.scheduler)).isEqualTo(Map.of(WATCH, "0 * * * * off", BRUTEFORCE, "*/5 * * * *"));
        JsonNode audit = RestFixture.json(rest.send("GET", "/audit", null, rest.serviceToken())).path("entries").get(0);
        assertThat(audit.path("action").asText() + " " + audit.path("target").asText())
                .isEqualTo("schedule.change " + WATCH);

        assertThat(rest.send("PATCH", "/alertschedules/no.Such", "{\"enabled\": true}", rest.serviceToken())
                .statusCode()).isEqualTo(404);
        for (String bad : List.of("{\"cron\": \"* * *\"}", "{\"enabled\": \"yes\"}", "{\"name\": \"x\"}", "{}")) {
            assertThat(rest.send("PATCH", "/alertschedules/" + WATCH, bad, rest.serviceToken()).statusCode()).as(bad)
                    .isEqualTo(400);
        }
        assertThat(live(rest.scheduler)).isEqualTo(Map.of(WATCH, "0 * * * * off", BRUTEFORCE, "*/5 * * * *"));
    }

    @Test
    void eachRunIsCountedAndASyncSetsTheCount() throws Exception {
        rest.clock.advance(Duration.ofMinutes(1));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> schedules().path(WATCH).path("total_run_count").asLong() == 1);
        JsonNode watch = schedules().path(WATCH);
        assertThat(watch.path("last_run_at").asText()).isEqualTo("2026-11-23T10:01:00+00:00");
        assertThat(watch.path("last_alerts").asInt()).isEqualTo(1);

        HttpResponse<String> r = post("/syncalertschedules", "{\"" + WATCH + "\": {\"total_run_count\": 41,"
                + " \"last_run_at\": \"2026-11-01 00:00:00\"}, \"gone.Alert\": {\"total_run_count\": 1, \"last_run_at\": null}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        watch = schedules().path(WATCH);
        assertThat(watch.path("total_run_count").asLong()).isEqualTo(41);
        assertThat(watch.path("last_run_at").asText()).isEqualTo("2026-11-01T00:00:00+00:00");
        assertThat(schedules().has("gone.Alert")).isFalse();

        rest.clock.advance(Duration.ofMinutes(1));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> schedules().path(WATCH).path("total_run_count").asLong() == 42);
    }

    @Test
    void anIntervalScheduleIsACrontabWhenOneExpressesIt() throws Exception {
        String every5 = "{\"w\": {\"name\": \"" + WATCH + "\", \"enabled\": true, \"schedule_type\": \"interval\","
                + " \"celery_schedule\": {\"every\": 5, \"period\": \"minutes\"}, \"last_run_at\": null}}";
        assertThat(post("/updatealertschedules", every5).statusCode()).isEqualTo(200);
        assertThat(live(rest.scheduler).get(WATCH)).isEqualTo("*/5 * * * *");
        assertThat(post("/updatealertschedules", every5.replace("5", "7")).statusCode()).isEqualTo(400);
    }

    @Test
    void badChangesAre400AndChangeNothing() throws Exception {
        Map<String, String> before = live(rest.scheduler);
        String crontab = "{\"" + WATCH + "\": {\"name\": \"%s\", \"enabled\": true, \"celery_schedule\": {\"minute\":"
                + " \"%s\", \"hour\": \"*\", \"day_of_week\": \"*\", \"day_of_month\": \"*\", \"month_of_year\": \"*\"}}}";
        for (String bad : List.of(crontab.formatted(WATCH, "61"), crontab.formatted("no.SuchAlert", "*/2"),
                "{\"x\": {\"enabled\": true}}", "{\"x\": 3}", "[]", "not json")) {
            HttpResponse<String> r = post("/updatealertschedules", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(RestFixture.json(r).path("error").asText()).as(bad).isNotBlank();
        }
        for (String bad : List.of("{\"" + WATCH + "\": {\"total_run_count\": -1, \"last_run_at\": null}}",
                "{\"" + WATCH + "\": {\"total_run_count\": 1}}",
                "{\"" + WATCH + "\": {\"total_run_count\": 1, \"last_run_at\": \"yesterday-ish\"}}")) {
            assertThat(post("/syncalertschedules", bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(live(rest.scheduler)).isEqualTo(before);
        assertThat(schedules().path(WATCH).has("modifiedat")).isFalse();
        assertThat(schedules().path(WATCH).path("total_run_count").asLong()).isZero();
    }
}
