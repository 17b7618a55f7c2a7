package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;

/**
 * The script of docs/rest-api.md ("A session, end to end"), taken from the document and run with bash, curl and jq
 * against a real server holding alerts like the demo's: what the document shows works, and stays so.
 */
class RestApiScriptTest {
    private static final Path DOC = Path.of("..", "docs", "rest-api.md");
    private static final String MARK = "<!-- RestApiScriptTest runs the next block -->";
    private static final String ATTACKER = "81.2.69.160";

    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() {
        rest = new RestFixture(dir.resolve("server"));
        // What the demo's bundled alerts store: the newest first in GET /alerts.
        rest.store.saveAlert(null, Json.object().put("summary", "10.0.0.9 received a port scan").put("category", "scan")
                .put("severity", "NOTICE").put("utctimestamp", "2026-11-23T09:40:00+00:00"));
        var alert = Json.object().put("summary", ATTACKER + " ssh bruteforce against 10 hosts").put("category",
                "bruteforce").put("severity", "NOTICE").put("utctimestamp", "2026-11-23T09:55:00+00:00");
        alert.putObject("details").put("sourceipaddress", ATTACKER);
        rest.store.saveAlert(null, alert);
        rest.store.refresh();
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    static String script() throws IOException {
        String doc = Files.readString(DOC);
        int mark = doc.indexOf(MARK);
        assertThat(mark).as("docs/rest-api.md marks its script with " + MARK).isNotNegative();
        int start = doc.indexOf("```sh\n", mark) + "```sh\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void theDocumentedSessionRunsAsDocumented() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path output = work.resolve("output.txt");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        bash.environment().put("RAMPART", "http://127.0.0.1:" + rest.server.port());
        bash.environment().put("TOKEN", rest.token.value());
        Process process = bash.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the script ends").isTrue();
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();

        assertThat(out).contains("81.2.69.160/32\t2026-11-24T10:00:00+00:00\tanna");
        for (String audited : List.of("anna\talert.status", "anna\tincident.create", "anna\tincident.update",
                "anna\tipblocklist.add\t81.2.69.160/32", "service-token\taccount.add\tvic")) {
            assertThat(out).contains(audited);
        }
        assertThat(out.lines().filter(l -> l.startsWith("viewer: ")).toList()).hasSize(4)
                .allSatisfy(l -> assertThat(l).endsWith("-> 403"));
        assertThat(RestFixture.json(rest.send("GET", "/incidents/1", null, rest.serviceToken())).path("veris"))
                .hasSize(2);
    }
}
