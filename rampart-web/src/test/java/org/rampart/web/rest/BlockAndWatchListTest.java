package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rampart.event.Json;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Role;
import org.rampart.web.lists.ListItems;

/** MozDef's bundled REST plugins ipblocklist, fqdnblocklist and watchlist behind /blockip, /blockfqdn, /watchitem. */
class BlockAndWatchListTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private ListItems lists;
    private RestFixture.Session anna;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        lists = new ListItems(rest.state, new AuditLog(rest.state, rest.clock), rest.clock);
        rest.addAccount("anna", Role.ANALYST);
        rest.addAccount("vera", Role.VIEWER);
        anna = rest.login("anna");
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void anAnalystBlocksAnAddressStoredWithItsPrefixAndAudited() throws Exception {
        HttpResponse<String> r = post(anna, "blockip", form("IPBlockList", "ipaddress", "1.2.3.4", "1d"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("X-Plugin")).hasValue("IP Block LIst");
        assertThat(post(anna, "blockip", form("IPBlockList", "ipaddress", "8.8.8.0/255.255.255.0", "1d")).statusCode())
                .isEqualTo(200);
        assertThat(post(anna, "blockip", form("IPBlockList", "ipaddress", "2001:4860::8888", "1d")).statusCode())
                .isEqualTo(200);
        assertThat(post(anna, "blockip", form("IPBlockList", "ipaddress", "2001:4860:0:0:0:0:0:8888", "1d"))
                .statusCode()).as("the same address written longhand").isEqualTo(200);
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST))
                .containsExactlyInAnyOrder("1.2.3.4/32", "8.8.8.0/24", "2001:4860::8888/128");
        assertThat(auditTrail()).contains("anna ipblocklist.add 1.2.3.4/32");
    }

    @Test
    void aViewerReadsAListsEntriesWithEveryField() throws Exception {
        post(anna, "blockip", "[{\"ipaddress\": \"1.2.3.4\"}, {\"duration\": \"1d\"}, {\"comment\": \"scanner\"},"
                + " {\"referenceid\": \"INC-7\"}, {\"IPBlockList\": true}]");
        RestFixture.Session vera = rest.login("vera");
        HttpResponse<String> r = rest.send("GET", "/lists/ipblocklist", null, vera.cookieOnly());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entry = RestFixture.json(r).path("items").get(0);
        assertThat(entry.path("item").asText()).isEqualTo("1.2.3.4/32");
        assertThat(entry.path("comment").asText()).isEqualTo("scanner");
        assertThat(entry.path("reference").asText()).isEqualTo("INC-7");
        assertThat(entry.path("creator").asText()).isEqualTo("anna");
        assertThat(entry.path("dateAdded").asText()).isEqualTo("2026-11-23T10:00:00+00:00");
        assertThat(entry.path("dateExpiring").asText()).isEqualTo("2026-11-24T10:00:00+00:00");
        assertThat(RestFixture.json(rest.send("GET", "/lists/watchlist", null, vera.cookieOnly())).path("items")).isEmpty();
        assertThat(rest.send("GET", "/lists/blocklist", null, vera.cookieOnly()).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "127.0.0.1", "192.168.1.0/24", "11.0.0.0/1", "0.0.0.0/0", "1.2.3.4/33",
        "1.2.3.256", "'1.2.3.4'", "fe80::1", "::1", "fc00::1", "evil.com", "1.2.3.4\n", "255.0.255.0/255.0.255.0"})
    void anAddressMozDefRefusesIs400WithAReason(String address) throws Exception {
        HttpResponse<String> r = post(anna, "blockip", form("IPBlockList", "ipaddress", address, "1d"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(RestFixture.json(r).path("error").asText()).isNotEmpty();
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST)).isEmpty();
    }

    @Test
    void blockingAnAddressAgainExtendsItsExpiryAsMozDefDoes() throws Exception {
        post(anna, "blockip", form("IPBlockList", "ipaddress", "1.2.3.4/32", "12hr"));
        rest.clock.advance(Duration.ofHours(11));
        anna = rest.login("anna"); // the first session's idle timeout has passed
        post(anna, "blockip", form("IPBlockList", "ipaddress", "1.2.3.4/32", "12hr"));
        rest.clock.advance(Duration.ofHours(2));
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST)).containsExactly("1.2.3.4/32");
        assertThat(auditTrail()).containsSubsequence("anna ipblocklist.refresh 1.2.3.4/32", "anna ipblocklist.add 1.2.3.4/32");
    }

    @Test
    void aReferenceLongerThanTheStateKeepsIs400() throws Exception {
        ArrayNode body = (ArrayNode) Json.MAPPER.readTree(form("IPBlockList", "ipaddress", "1.2.3.4", "1d"));
        body.addObject().put("referenceid", "r".repeat(1025));
        HttpResponse<String> r = post(anna, "blockip", body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST)).isEmpty();
    }

    @Test
    void withoutTheFlagNothingIsStored() throws Exception {
        ArrayNode body = Json.MAPPER.createArrayNode();
        body.addObject().put("ipaddress", "1.2.3.4");
        body.addObject().put("IPBlockList", "");
        assertThat(post(anna, "blockip", body.toString()).statusCode()).isEqualTo(200);
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "not json", "[1, 2]", "{\"ipaddress\": \"1.2.3.4\", \"IPBlockList\": true}"})
    void aBodyThatIsNotMozDefsFormIs400(String body) throws Exception {
        HttpResponse<String> r = post(anna, "blockip", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(RestFixture.json(r).path("error").asText()).contains("array of objects");
    }

    @Test
    void fqdnsFollowMozDefsRuleOverTheWholeNameAndDuplicatesAreKept() throws Exception {
        assertThat(post(anna, "blockfqdn", form("FQDNBlockList", "fqdn", "evil.example.com", "1w")).statusCode())
                .isEqualTo(200);
        for (String bad : List.of("localhost", "evil.com.", "a_b.com", "1.2.3.4", "evil.com\nfoo")) {
            HttpResponse<String> r = post(anna, "blockfqdn", form("FQDNBlockList", "fqdn", bad, "1w"));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(RestFixture.json(r).path("error").asText()).isEqualTo("invalid FQDN");
        }
        post(anna, "blockfqdn", form("FQDNBlockList", "fqdn", "evil.example.com", "1d"));
        rest.clock.advance(Duration.ofDays(2));
        assertThat(lists.current(ListItems.Kind.FQDN_BLOCKLIST)).as("a duplicate does not shorten or extend")
                .containsExactly("evil.example.com");
        assertThat(auditTrail()).containsOnlyOnce("anna fqdnblocklist.add evil.example.com");
    }

    @Test
    void getwatchlistGivesMozDefsListOfStringsNewestFirstWithAnHourOfGrace() throws Exception {
        post(anna, "watchitem", form("WatchList", "watchcontent", "baduser", "1d"));
        rest.clock.advance(Duration.ofMinutes(1));
        post(anna, "watchitem", form("WatchList", "watchcontent", "forever", "30d"));
        assertThat(post(anna, "watchitem", form("WatchList", "watchcontent", "x", "1d")).statusCode()).isEqualTo(400);
        RestFixture.Session vera = rest.login("vera");
        assertThat(RestFixture.json(rest.send("GET", "/getwatchlist", null, vera.headers())).toString())
                .isEqualTo("[\"forever\",\"baduser\"]");

        rest.clock.advance(Duration.ofDays(1).plusMinutes(10));
        assertThat(lists.current(ListItems.Kind.WATCHLIST)).containsExactly("forever");
        rest.clock.advance(Duration.ofHours(1));
        lists.current(ListItems.Kind.WATCHLIST); // deletes entries expired over an hour ago
        try (var c = rest.state.connection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT item FROM list_item WHERE list_name = 'watchlist'")) {
            List<String> stored = new ArrayList<>();
            while (r.next()) {
                stored.add(r.getString(1));
            }
            assertThat(stored).containsExactly("forever");
        }
    }

    @Test
    void aViewerCannotChangeTheLists() throws Exception {
        RestFixture.Session vera = rest.login("vera");
        assertThat(post(vera, "blockip", form("IPBlockList", "ipaddress", "1.2.3.4", "1d")).statusCode()).isEqualTo(403);
        assertThat(post(vera, "watchitem", form("WatchList", "watchcontent", "baduser", "1d")).statusCode())
                .isEqualTo(403);
        assertThat(lists.current(ListItems.Kind.IP_BLOCKLIST)).isEmpty();
    }

    private HttpResponse<String> post(RestFixture.Session who, String endpoint, String body) throws Exception {
        return rest.send("POST", "/" + endpoint, body, who.with("Content-Type", "application/json"));
    }

    /** MozDef's form serialisation, one object per field, as the UI and the block_ip alert action post it. */
    private static String form(String flag, String itemKey, String item, String duration) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        array.addObject().put(itemKey, item);
        array.addObject().put("duration", duration);
        array.addObject().put("comment", "Automatic Block");
        array.addObject().put("referenceid", "");
        array.addObject().put(flag, true);
        array.addObject().put("userid", "MozDef");
        return array.toString();
    }

    private List<String> auditTrail() throws Exception {
        JsonNode page = RestFixture.json(rest.send("GET", "/audit?limit=500", null, rest.serviceToken()));
        List<String> lines = new ArrayList<>();
        page.path("entries").forEach(e -> lines.add(e.path("actor").asText() + " " + e.path("action").asText() + " "
                + e.path("target").asText()));
        return lines;
    }
}
