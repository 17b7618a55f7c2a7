package org.rampart.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.incidents.IncidentChange;
import org.rampart.web.incidents.Incidents;
import org.rampart.web.incidents.VerisTaxonomy;
import org.rampart.web.lists.ListItems;
import org.rampart.web.lists.ListPlugin;
import org.rampart.web.rest.spi.RestPlugin;
import org.rampart.web.state.StateDatabase;

/**
 * The JSON bodies of the REST routes that change state, from the body to the row: incident create and update
 * ({@code POST /incidents}, {@code PATCH /incidents/{id}}) and the block and watch list entries ({@code /blockip},
 * {@code /blockfqdn}, {@code /watchitem}), on the real embedded state database. A bad body is an
 * IllegalArgumentException (the REST server's 400 with the reason); nothing else may escape, in particular no
 * SQLException (a 500).
 */
class RestBodiesFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private static final VerisTaxonomy TAXONOMY = VerisTaxonomy.bundled();
    /** The fields of an incident a change may set (IncidentChange.FIELDS). */
    private static final List<String> FIELDS = List.of("summary", "description", "phase", "owners", "tags", "veris",
            "alerts", "attachments");

    @TempDir
    static Path dir;
    private static StateDatabase state;
    private static Incidents incidents;
    private static List<RestPlugin> lists;

    @BeforeAll
    static void open() {
        state = StateDatabase.openEmbedded(dir);
        AuditLog audit = new AuditLog(state, CLOCK);
        incidents = new Incidents(state, audit, CLOCK, changed -> {});
        lists = ListPlugin.bundled(new ListItems(state, audit, CLOCK));
    }

    @AfterAll
    static void close() {
        state.close();
    }

    @FuzzTest(maxDuration = "5m")
    void anyIncidentBodyIsStoredOrRefused(byte[] body) throws IOException, SQLException {
        if (!(readJson(body) instanceof ObjectNode object)) {
            return; // RequestBodies.object: a 400 before any incident code runs
        }
        Incidents.Incident created;
        try {
            IncidentChange change = IncidentChange.parse(object, TAXONOMY);
            created = incidents.create("fuzz", change);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
            return;
        }
        // The stored incident, sent back as a change, is accepted as it is: what the UI reads it can write again.
        ObjectNode stored = incidents.get(created.id()).orElseThrow().toJson();
        ObjectNode fields = Json.object();
        FIELDS.forEach(field -> fields.set(field, stored.get(field)));
        IncidentChange again = IncidentChange.parse(fields, TAXONOMY);
        assertThat(again.fields()).isEqualTo(fields);
    }

    @FuzzTest(maxDuration = "5m")
    void anyListEntryIsStoredOrRefused(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        RestPlugin plugin = lists.get((input[0] & 0xff) % lists.size());
        String body = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        try {
            plugin.onMessage(new RestPlugin.Request(plugin.registration().getFirst(), body, "fuzz"),
                    new RestPlugin.Reply(200, "application/json", ""));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the refusal says why").isNotBlank();
        }
    }

    private static JsonNode readJson(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
