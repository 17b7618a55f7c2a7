package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/** {@code GET /audit}: admins page through who did what, newest first. */
class AuditRoutesTest {
    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        rest.addAccount("root", Role.ADMIN);
        rest.addAccount("alice", Role.ANALYST);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void anAdminPagesThroughEveryEntryNewestFirst() throws Exception {
        rest.login("alice");
        rest.login("alice", "wrong password here");
        RestFixture.Session root = rest.login("root");
        List<String> seen = new ArrayList<>();
        String next = "";
        do {
            JsonNode page = RestFixture.json(rest.send("GET", "/audit?limit=2" + next, null, root.cookieOnly()));
            page.path("entries").forEach(e -> seen.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
                    + e.path("target").asText()));
            next = page.path("next").isNull() ? null : "&before=" + page.path("next").asLong();
        } while (next != null);
        assertThat(seen).containsExactly("root login root", "anonymous login.failed alice", "alice login alice",
                "test account.add alice", "test account.add root");
    }

    @Test
    void badPagingIs400() throws Exception {
        String[] service = rest.serviceToken();
        assertThat(rest.send("GET", "/audit?limit=0", null, service).statusCode()).isEqualTo(400);
        assertThat(rest.send("GET", "/audit?limit=501", null, service).statusCode()).isEqualTo(400);
        assertThat(rest.send("GET", "/audit?before=x", null, service).statusCode()).isEqualTo(400);
    }
}
