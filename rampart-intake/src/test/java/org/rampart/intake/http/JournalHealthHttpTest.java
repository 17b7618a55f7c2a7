package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.intake.journal.FaultyFiles;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalEntry;

/** What a client and a health check see when the journal fails an fsync or has passed over a corrupt record. */
class JournalHealthHttpTest {
    private static final String EVENT = "{\"summary\": \"hello\"}";

    @TempDir
    Path dir;

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void afterAFailedFsyncEventsGet503AndStatusIsDegradedWith503() throws Exception {
        FaultyFiles files = new FaultyFiles();
        try (IntakeFixture intake = new IntakeFixture(files.open(dir, IntakeFixture.JOURNAL_OPTIONS), IntakeFixture.DEFAULTS)) {
            assertThat(intake.send("POST", "/events", EVENT).statusCode()).isEqualTo(200);
            files.failNextForces(1);

            HttpResponse<String> failed = intake.send("POST", "/events", EVENT);
            HttpResponse<String> refused = intake.send("POST", "/events", EVENT); // fsync works again: still refused

            for (HttpResponse<String> response : List.of(failed, refused)) {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(json(response).get("error").asText()).contains("journal");
            }
            HttpResponse<String> status = intake.send("GET", "/status", null);
            assertThat(status.statusCode()).isEqualTo(503);
            assertThat(json(status).get("status").asText()).isEqualTo("degraded");
            assertThat(json(status).get("service").asText()).isEqualTo("loginput");
            assertThat(json(status).get("reason").asText()).contains("fsync").contains("restart");
            assertThat(intake.newEntries()).hasSize(1);
        }
    }

    @Test
    void aQuarantinedRecordMakesStatusDegradedWhileEventsAreStillTaken() throws Exception {
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.DEFAULTS)) {
            for (int i = 0; i < 3; i++) {
                assertThat(intake.send("POST", "/events", EVENT).statusCode()).isEqualTo(200);
            }
            assertThat(intake.send("GET", "/status", null).body())
                    .isEqualTo("{\"status\": \"ok\", \"service\": \"loginput\"}");
            List<JournalEntry> written = intake.newEntries();
            // The one segment starts at position 0: flip a byte of the second record's payload, then read it again.
            try (FileChannel segment = FileChannel.open(dir.resolve("journal/00000000000000000000.seg"), StandardOpenOption.WRITE)) {
                segment.write(ByteBuffer.wrap(new byte[] {'#'}), written.get(1).next() - 3);
            }
            Journal journal = intake.journal;
            assertThat(journal.read(0, 10, Duration.ZERO).entries()).extracting(JournalEntry::id)
                    .containsExactly(written.get(0).id(), written.get(2).id());

            HttpResponse<String> status = intake.send("GET", "/status", null);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(json(status).get("status").asText()).isEqualTo("degraded");
            assertThat(json(status).get("quarantined_records").asLong()).isEqualTo(1);
            assertThat(json(status).get("reason").asText()).contains("quarantine").doesNotContain(dir.toString());
            assertThat(intake.send("POST", "/events", EVENT).statusCode()).isEqualTo(200);
        }
    }
}
