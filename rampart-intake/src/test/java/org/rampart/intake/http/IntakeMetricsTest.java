package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The intake's counters in a meter registry, with as many series as intake has sources, never as clients invent. */
class IntakeMetricsTest {
    @Test
    void sourcesBeyondTheBoundCountTogetherAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IntakeMetrics metrics = new IntakeMetrics(registry);
        for (int i = 0; i < IntakeMetrics.MAX_SOURCES + 50; i++) {
            metrics.accepted("/custom/{application}", "app" + i, 2);
        }
        metrics.accepted("/custom/{application}", "app0", 1);

        assertThat(registry.find("rampart.intake.events").counters()).hasSize(IntakeMetrics.MAX_SOURCES + 1);
        assertThat(registry.get("rampart.intake.events").tag("source", "app0").counter().count()).isEqualTo(3);
        assertThat(registry.get("rampart.intake.events").tag("source", IntakeMetrics.OTHER_SOURCE).counter().count())
                .isEqualTo(2 * 50);
        assertThat(metrics.accepted()).isEqualTo(2L * (IntakeMetrics.MAX_SOURCES + 50) + 1);
    }

    @Test
    void rejectionsAreCountedPerReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IntakeMetrics metrics = new IntakeMetrics(registry);
        metrics.reject("bad_json");
        metrics.reject("bad_line", 3);
        metrics.reject("bad_line", 0);
        Counter badLine = registry.get("rampart.intake.rejected").tag("reason", "bad_line").counter();
        assertThat(badLine.count()).isEqualTo(3);
        assertThat(metrics.rejected("bad_json")).isEqualTo(1);
        assertThat(metrics.snapshot()).containsEntry("rejected.bad_line", 3L);
    }
}
