package org.rampart.alerts.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.query.contract.MutableClock;

class AlertSchedulerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:30Z"));
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Callable<List<ObjectNode>>> jobs = new HashMap<>();
    private final AlertScheduler scheduler = new AlertScheduler(clock, jobs::get);

    @AfterEach
    void close() {
        scheduler.close();
    }

    private Callable<List<ObjectNode>> counting(String name) {
        calls.put(name, new AtomicInteger());
        Callable<List<ObjectNode>> job = () -> {
            calls.get(name).incrementAndGet();
            return List.of(Json.object().put("summary", name));
        };
        jobs.put(name, job);
        return job;
    }

    private void awaitIdle(String name) {
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.schedules().stream()
                .filter(s -> s.name().equals(name)).noneMatch(AlertSchedule::running));
    }

    @Test
    void runsAnAlertOnlyWhenItsCrontabFires() {
        counting("bruteforce_ssh.AlertBruteforceSsh");
        scheduler.sync(Map.of("bruteforce_ssh.AlertBruteforceSsh", "*/5 * * * *"));

        assertThat(scheduler.tick()).isEmpty();
        clock.advance(Duration.ofMinutes(4)); // 10:04:30
        assertThat(scheduler.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(30)); // 10:05:00
        assertThat(scheduler.tick()).containsExactly("bruteforce_ssh.AlertBruteforceSsh");
        awaitIdle("bruteforce_ssh.AlertBruteforceSsh");

        AlertSchedule s = scheduler.schedules().getFirst();
        assertThat(s.runs()).isEqualTo(1);
        assertThat(s.lastAlerts()).isEqualTo(1);
        assertThat(s.lastRun()).isEqualTo(Instant.parse("2026-11-23T10:05:00Z"));
        assertThat(s.nextRun()).isEqualTo(Instant.parse("2026-11-23T10:10:00Z"));
        assertThat(scheduler.tick()).as("same minute does not fire twice").isEmpty();
    }

    @Test
    void aSlowAlertDoesNotDelayOthersAndSkipsTicksWhileRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicInteger slowCalls = new AtomicInteger();
        jobs.put("slow", () -> {
            slowCalls.incrementAndGet();
            slowStarted.countDown();
            release.await();
            return List.of();
        });
        counting("fast");
        scheduler.sync(Map.of("slow", "* * * * *", "fast", "* * * * *"));

        clock.advance(Duration.ofSeconds(30));
        assertThat(scheduler.tick()).containsExactlyInAnyOrder("slow", "fast");
        slowStarted.await();
        awaitIdle("fast");
        assertThat(calls.get("fast")).hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.tick()).containsExactly("fast");
        awaitIdle("fast");
        assertThat(calls.get("fast")).hasValue(2);
        AlertSchedule slow = scheduler.schedules().stream().filter(s -> s.name().equals("slow")).findFirst().orElseThrow();
        assertThat(slow.running()).isTrue();
        assertThat(slow.skipped()).isEqualTo(1);

        release.countDown();
        awaitIdle("slow");
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.tick()).containsExactlyInAnyOrder("slow", "fast");
        awaitIdle("slow");
        assertThat(slowCalls).hasValue(2);
    }

    @Test
    void aFailingAlertIsRecordedAndRunsAgainNextTick() {
        AtomicInteger attempts = new AtomicInteger();
        jobs.put("flaky", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("store unavailable");
            }
            return List.of();
        });
        scheduler.sync(Map.of("flaky", "* * * * *"));

        clock.advance(Duration.ofSeconds(30));
        scheduler.tick();
        awaitIdle("flaky");
        AlertSchedule failed = scheduler.schedules().getFirst();
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(failed.lastError()).contains("store unavailable");

        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        awaitIdle("flaky");
        AlertSchedule recovered = scheduler.schedules().getFirst();
        assertThat(attempts).hasValue(2);
        assertThat(recovered.runs()).isEqualTo(2);
        assertThat(recovered.failures()).isEqualTo(1);
        assertThat(recovered.lastError()).isNull();
    }

    @Test
    void updateChangesTheScheduleAtRuntimeAndRejectsBadInput() {
        counting("a");
        scheduler.sync(Map.of("a", "*/1 * * * *"));

        AlertSchedule updated = scheduler.update("a", "0 * * * *");
        assertThat(updated.cron()).isEqualTo("0 * * * *");
        assertThat(updated.nextRun()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(scheduler.tick()).isEmpty();

        assertThatThrownBy(() -> scheduler.update("a", "every minute"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crontab");
        assertThatThrownBy(() -> scheduler.update("nope", "* * * * *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThat(scheduler.schedules().getFirst().cron()).isEqualTo("0 * * * *");
    }

    @Test
    void aDisabledAlertKeepsItsScheduleButDoesNotRun() {
        counting("paused");
        scheduler.sync(Map.of("paused", "* * * * *"));
        assertThat(scheduler.setEnabled("paused", false).enabled()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(scheduler.tick()).isEmpty();

        scheduler.setEnabled("paused", true);
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.tick()).containsExactly("paused");
        assertThatThrownBy(() -> scheduler.setEnabled("ghost", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncAddsRemovesAndReschedulesButKeepsRunState() {
        counting("keep");
        counting("drop");
        counting("add");
        scheduler.sync(Map.of("keep", "* * * * *", "drop", "* * * * *"));
        clock.advance(Duration.ofSeconds(30));
        scheduler.tick();
        awaitIdle("keep");

        scheduler.sync(Map.of("keep", "* * * * *", "add", "*/2 * * * *"));
        assertThat(scheduler.schedules()).extracting(AlertSchedule::name).containsExactlyInAnyOrder("keep", "add");
        assertThat(scheduler.schedules().stream().filter(s -> s.name().equals("keep")).findFirst().orElseThrow().runs())
                .isEqualTo(1);

        assertThatThrownBy(() -> scheduler.sync(Map.of("keep", "* * * * *", "ghost", "* * * * *")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> scheduler.sync(Map.of("keep", "61 * * * *")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.schedules()).as("a rejected sync changes nothing").hasSize(2);
    }

    @Test
    void theTickerThreadRunsDueAlertsOnItsOwn() {
        counting("ticked");
        scheduler.sync(Map.of("ticked", "* * * * *"));
        scheduler.start();
        clock.advance(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calls.get("ticked")).hasValue(1));
    }

    @Test
    void readsAlertsYmlInBothShapes() throws Exception {
        String yaml = """
                alerts:
                  bruteforce_ssh.AlertBruteforceSsh: "*/1 * * * *"
                  deadman.broNSM:
                    schedule: "*/20 * * * *"
                """;
        Map<String, String> schedules = ScheduleFile.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        assertThat(schedules).containsExactly(
                Map.entry("bruteforce_ssh.AlertBruteforceSsh", "*/1 * * * *"),
                Map.entry("deadman.broNSM", "*/20 * * * *"));

        assertThatThrownBy(() -> ScheduleFile.read(new ByteArrayInputStream("a: [1]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crontab");
    }
}
