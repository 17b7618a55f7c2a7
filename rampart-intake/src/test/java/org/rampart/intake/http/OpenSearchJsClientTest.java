package org.rampart.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.testing.RepoRoot;
import org.rampart.intake.journal.JournalEntry;

/**
 * The official OpenSearch JavaScript client ({@code @opensearch-project/opensearch}, pinned in
 * src/test/node/package.json) against a real intake: its {@code helpers.bulk} reads the reply's items, so it
 * crashed on Rampart's former reply. Installed with {@code npm ci} into target/ on first use.
 */
class OpenSearchJsClientTest {
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "bulk.js");

    @TempDir
    Path dir;

    @Test
    void helpersBulkProbesAndAPlainBulkWork() throws Exception {
        Path client = installClient();
        try (IntakeFixture intake = new IntakeFixture(dir, IntakeFixture.withMaxEventSize(1000))) {
            JsonNode result = Json.MAPPER.readTree(ShipperProcesses.run(client, Duration.ofMinutes(2),
                    List.of("node", "bulk.js", intake.url(""))));

            assertThat(result.get("version").asText()).isEqualTo("7.10.2");
            assertThat(result.get("health").asText()).isEqualTo("green");
            assertThat(result.get("template").asBoolean()).isTrue();
            assertThat(result.at("/stats/total").asInt()).isEqualTo(51);
            assertThat(result.at("/stats/successful").asInt()).isEqualTo(50);
            assertThat(result.at("/stats/failed").asInt()).isEqualTo(1);
            assertThat(result.at("/dropped/0/status").asInt()).isEqualTo(400);
            assertThat(result.at("/dropped/0/n").asInt()).isEqualTo(50);
            assertThat(result.at("/dropped/0/reason").asText()).contains("intake.max_event_size");

            List<JournalEntry> written = intake.newEntries();
            List<Integer> numbers = new ArrayList<>();
            for (JournalEntry entry : written) {
                numbers.add(Json.MAPPER.readTree(entry.payload()).get("n").asInt());
            }
            assertThat(numbers).hasSize(51).doesNotHaveDuplicates().allMatch(n -> n >= 0 && n <= 51).doesNotContain(50);
            assertThat(result.at("/plain/items/0/create/_id").asText()).isEqualTo(written.getLast().id());
        }
    }

    /** target/opensearch-js with the pinned client installed; {@code npm ci} runs again when the lock file changed. */
    private static Path installClient() throws Exception {
        Path source = RepoRoot.get().resolve("rampart-intake/src/test/node");
        Path target = RepoRoot.get().resolve("rampart-intake/target/opensearch-js");
        Files.createDirectories(target);
        boolean lockChanged = !Files.exists(target.resolve("package-lock.json"))
                || Files.mismatch(source.resolve("package-lock.json"), target.resolve("package-lock.json")) != -1;
        for (String file : FILES) {
            Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lockChanged || !Files.isDirectory(target.resolve("node_modules/@opensearch-project/opensearch"))) {
            ShipperProcesses.run(target, Duration.ofMinutes(5),
                    List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"));
        }
        return target;
    }
}
