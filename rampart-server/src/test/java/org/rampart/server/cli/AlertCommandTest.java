package org.rampart.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.server.demo.DemoTraffic;
import org.rampart.server.run.RampartServer;

/** {@code rampart alert list|run|backtest} on a data folder filled by the demo traffic. */
class AlertCommandTest {
    private static final String BRUTEFORCE = "bruteforce_ssh.AlertBruteforceSsh";

    @TempDir
    Path dir;

    @Test
    void runAndBacktestFindTheDemoBruteforceOnceTheServerIsStopped() throws Exception {
        // No schedules in the server, so that nothing alerts (and tags the events) before the commands do.
        Files.writeString(dir.resolve("schedules.yml"), "alerts: {}\n");
        Path config = dir.resolve("rampart.yml");
        Files.writeString(config, "data: {dir: \"" + dir.resolve("data") + "\"}\nintake: {port: 0}\nrest: {port: 0}\nweb: {port: 0}\n"
                + "alerts: {schedule_file: \"" + dir.resolve("schedules.yml") + "\"}\n");
        Instant sentAt = Instant.now();
        try (RampartServer server = RampartServer.start(RampartConfig.load(config, Map.of()))) {
            URI bulk = URI.create("http://" + server.bindAddress() + ":" + server.intakePort() + "/_bulk");
            assertThat(new DemoTraffic(bulk).send(600, Duration.ofSeconds(1)).accepted()).isEqualTo(600);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                server.store().refresh();
                return server.store().count(SearchQuery.all().addMust(new PhraseMatch("summary", "login failed")),
                        SearchQuery.DEFAULT_INDICES) > 40;
            });

            CliRun whileRunning = CliRun.of("alert", "run", BRUTEFORCE, "--dry-run", "--config", config.toString());
            assertThat(whileRunning.code()).isNotZero();
            assertThat(whileRunning.err()).contains("in use by a running Rampart").contains("stop the server");
        }

        CliRun dryRun = CliRun.of("alert", "run", BRUTEFORCE, "--dry-run", "--config", config.toString());
        assertThat(dryRun.code()).isZero();
        assertThat(dryRun.out()).contains("ssh bruteforce attempts by").contains("[bruteforce]");
        assertThat(dryRun.err()).contains("would be created (dry run)");

        Instant from = sentAt.minus(4, ChronoUnit.MINUTES);
        CliRun backtest = CliRun.of("alert", "backtest", BRUTEFORCE, "--from", from.toString(),
                "--to", sentAt.plus(4, ChronoUnit.MINUTES).toString(), "--config", config.toString());
        assertThat(backtest.code()).isZero();
        assertThat(backtest.out()).contains("at ").contains("ssh bruteforce attempts by");
        assertThat(backtest.err()).contains("run(s) of PT2M each");

        CliRun saved = CliRun.of("alert", "run", BRUTEFORCE, "--config", config.toString());
        assertThat(saved.out()).contains("ssh bruteforce attempts by");
        assertThat(saved.err()).contains("saved");
        // The events it fired on are tagged: a second run has nothing left to alert on.
        CliRun again = CliRun.of("alert", "run", BRUTEFORCE, "--config", config.toString());
        assertThat(again.err()).containsPattern("(?m)^0 alert\\(s\\) saved");
    }

    @Test
    void listShowsSchedulesAndRefusesUnknownAlertsToRun() throws Exception {
        Path config = dir.resolve("rampart.yml");
        Files.writeString(config, "data: {dir: \"" + dir.resolve("data") + "\"}\n");

        CliRun list = CliRun.of("alert", "list", "--config", config.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern("bruteforce_ssh\\.AlertBruteforceSsh +\\*/1 \\* \\* \\* \\*")
                .containsPattern("old_events\\.OldEvents +0 \\* \\* \\* \\*");

        CliRun unknown = CliRun.of("alert", "run", "NoSuchAlert", "--dry-run", "--config", config.toString());
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("no alert named \"NoSuchAlert\"");
    }
}
