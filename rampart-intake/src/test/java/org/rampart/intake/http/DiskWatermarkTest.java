package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import org.rampart.intake.journal.DiskSpace;
import org.rampart.intake.journal.DiskWatermark;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalOptions;
import org.rampart.intake.journal.JournalRecord;

/**
 * Below {@code disk.low_watermark} intake refuses events with 503 and says why on {@code /status}, and takes them again
 * once space returns. Free space comes from a supplier the test sets (the journal's {@link DiskSpace} seam): filling a
 * real disk is the fault tests' job; the real filesystem reading is covered by the server test.
 */
class DiskWatermarkTest {
    private static final String EVENT = "{\"summary\": \"hello\"}";
    private static final long TOTAL = 100L << 30;

    @TempDir
    Path dir;

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static DiskWatermark watermark(String value) {
        return DiskWatermark.of(RampartConfig.load(null, Map.of("RAMPART_DISK_LOW_WATERMARK", value)), "disk.low_watermark");
    }

    @Test
    void belowTheWatermarkEventsGet503WithTheReasonAndAreTakenAgainWhenSpaceReturns() throws Exception {
        AtomicLong free = new AtomicLong(TOTAL / 2);
        Journal journal = Journal.open(dir.resolve("journal"), new JournalOptions(1 << 20, Duration.ZERO, watermark("5%")),
                () -> new DiskSpace.Reading(free.get(), TOTAL));
        try (IntakeFixture intake = new IntakeFixture(journal, IntakeFixture.DEFAULTS)) {
            assertThat(intake.send("POST", "/events", EVENT).statusCode()).isEqualTo(200);

            free.set(TOTAL / 25);   // 4 % free
            HttpResponse<String> refused = intake.send("POST", "/events", EVENT);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(refused).get("error").asText()).contains("disk.low_watermark 5%");
            assertThat(intake.send("POST", "/_bulk", "{\"index\":{}}\n" + EVENT + "\n").statusCode()).isEqualTo(503);
            HttpResponse<String> status = intake.send("GET", "/status", null);
            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(json(status).get("status").asText()).isEqualTo("degraded");
            assertThat(json(status).get("reason").asText()).contains("free disk space").contains("5%");
            // Every input writes through the journal, which refuses too.
            assertThatThrownBy(() -> journal.append(List.of(new JournalRecord("id", EVENT.getBytes(StandardCharsets.UTF_8)))))
                    .isInstanceOf(IOException.class).hasMessageContaining("disk.low_watermark");

            free.set(TOTAL / 10);
            assertThat(intake.send("POST", "/events", EVENT).statusCode()).isEqualTo(200);
            assertThat(intake.send("GET", "/status", null).body()).isEqualTo("{\"status\": \"ok\", \"service\": \"loginput\"}");
            assertThat(intake.newEntries()).hasSize(2);
        }
    }

    @Test
    void aSizeWatermarkCountsFreeBytes() {
        DiskWatermark oneGiB = watermark("1GiB");
        assertThat(oneGiB.minFreeBytes()).isEqualTo(1L << 30);
        assertThat(watermark("0")).isEqualTo(new DiskWatermark(0, 0, "0"));
        assertThat(watermark("2.5%").minFreeShare()).isEqualTo(0.025);
        assertThatThrownBy(() -> watermark("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> watermark("150%")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disk.low_watermark");
    }
}
