package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;

import org.rampart.event.testing.GeoIpData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.event.Json;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.PluginContext;
import org.rampart.pipeline.geoip.GeoIpDatabase;

/** The geoip plugin on the real DB-IP Lite database fetched by scripts/fetch-geoip.sh. */
class GeoIpTest {

    private static GeoIp plugin(Path dir) {
        GeoIp plugin = new GeoIp();
        plugin.configure(new PluginContext(() -> "host", null, dir));
        return plugin;
    }

    private static ObjectNode run(GeoIp plugin, String json) throws IOException {
        return plugin.onMessage((ObjectNode) Json.MAPPER.readTree(json), new EventMetadata(EventContext.at(Clock.systemUTC())));
    }

    private static GeoIp withDatabase() {
        Path dir = GeoIpData.dir();
        assumeTrue(Files.exists(dir.resolve(GeoIpDatabase.IPV4_FILE)),
                "GeoIP data missing: run ./scripts/fetch-geoip.sh build/geoip");
        return plugin(dir);
    }

    @Test
    void aDatabasePutInTheFolderIsPickedUpAtTheConfiguredCheckInterval(@TempDir Path dir) throws Exception {
        Path city = GeoIpData.fetched(GeoIpDatabase.IPV4_FILE);
        String google = "{\"details\": {\"sourceipaddress\": \"8.8.8.8\"}}";
        GeoIp often = new GeoIp();
        often.configure(new PluginContext(() -> "host", null, dir, Duration.ofMillis(1)));
        GeoIp daily = new GeoIp();
        daily.configure(new PluginContext(() -> "host", null, dir, Duration.ofDays(1)));
        assertThat(run(often, google).at("/details/sourceipgeolocation/error").asText()).isEqualTo(GeoIp.NO_DATABASE);
        assertThat(run(daily, google).at("/details/sourceipgeolocation/error").asText()).isEqualTo(GeoIp.NO_DATABASE);

        // As an operator installs a new file: a complete copy beside it, renamed into place.
        Files.copy(city, dir.resolve("incoming.tmp"));
        Files.move(dir.resolve("incoming.tmp"), dir.resolve(GeoIpDatabase.IPV4_FILE), StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                run(often, google).at("/details/sourceipgeolocation/country_code").asText().equals("US"));
        assertThat(run(daily, google).at("/details/sourceipgeolocation/error").asText())
                .as("its next check is a day away").isEqualTo(GeoIp.NO_DATABASE);
    }

    @Test
    void aNegativeCheckIntervalIsRefused() {
        assertThatThrownBy(() -> new PluginContext(() -> "host", null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("geoip.check_interval");
    }

    @Test
    void publicAddressesGetGeolocationAndGeopoint() throws IOException {
        ObjectNode out = run(withDatabase(), """
                {"details": {"sourceipaddress": "8.8.8.8", "destinationipaddress": "2001:4860:4860::8888"}}""");
        ObjectNode source = (ObjectNode) out.at("/details/sourceipgeolocation");
        assertThat(source.path("country_code").asText()).isEqualTo("US");
        assertThat(source.path("country_name").asText()).isEqualTo("United States");
        assertThat(source.path("city").asText()).isNotEmpty();
        assertThat(source.path("latitude").isNumber()).isTrue();
        assertThat(source.has("error")).isFalse();
        assertThat(out.at("/details/sourceipgeopoint").asText())
                .isEqualTo(source.get("latitude").asText() + "," + source.get("longitude").asText());
        assertThat(out.at("/details/destinationipgeolocation/country_code").isTextual()).isTrue();
        // DB-IP Lite has no postal code or time zone for these; absent, never empty strings.
        assertThat(source.has("postal_code") && source.get("postal_code").asText().isEmpty()).isFalse();
    }

    @Test
    void privateAndReservedAddressesAreLeftAlone() throws IOException {
        ObjectNode out = run(withDatabase(), """
                {"details": {"sourceipaddress": "10.22.74.208", "destinationipaddress": "127.0.0.1"}}""");
        assertThat(out.toString()).isEqualTo(
                "{\"details\":{\"sourceipaddress\":\"10.22.74.208\",\"destinationipaddress\":\"127.0.0.1\"}}");
    }

    @Test
    void aValueThatIsNotAnIpBecomesZeroAddress() throws IOException {
        ObjectNode out = run(withDatabase(), """
                {"details": {"sourceipaddress": "myhost.example.com", "destinationipaddress": null}}""");
        assertThat(out.at("/details/sourceipaddress").asText()).isEqualTo("0.0.0.0");
        assertThat(out.at("/details/destinationipaddress").asText()).isEqualTo("0.0.0.0");
        assertThat(out.at("/details").has("sourceipgeolocation")).isFalse();
    }

    @Test
    void withoutADatabaseTheLocationIsAnError(@TempDir Path empty) throws IOException {
        ObjectNode out = run(plugin(empty), "{\"details\": {\"sourceipaddress\": \"8.8.8.8\"}}");
        assertThat(out.at("/details/sourceipgeolocation").toString()).isEqualTo("{\"error\":\"No Geolite DB Found!\"}");
        assertThat(out.at("/details").has("sourceipgeopoint")).isFalse();
    }

    /** netaddr 0.7.19's loopback, private and reserved lists (pipeline-catalog.md §3b, geoip). */
    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, true", "10.1.2.3, false", "172.16.0.1, false", "172.32.0.1, true", "192.168.1.1, false",
            "127.0.0.1, false", "0.0.0.0, false", "100.64.0.1, false", "169.254.1.1, false", "198.18.0.1, false",
            "192.0.0.8, false", "192.0.2.1, false", "198.51.100.1, false", "203.0.113.9, false", "192.88.99.1, false",
            "224.0.0.1, true", "232.1.1.1, true", "233.1.1.1, true", "233.252.0.1, false", "225.1.1.1, false",
            "231.255.0.1, false", "234.1.1.1, false", "239.1.1.1, false", "240.0.0.1, false",
            "255.255.255.255, false", "2001:4860:4860::8888, true", "2001:db8::1, true", "::1, false",
            "fe80::1, false", "fc00::1, false", "fec0::1, false", "ff02::1, false", "ff0e::1, false",
            "ff10::1, true", "::ffff:8.8.8.8, false", "::8.8.8.8, false", "4000::1, false", "e000::1, false"})
    void publicAsNetaddrSaysIt(String address, boolean expected) {
        assertThat(GeoIp.isPublic(IpAddresses.network(address), address)).isEqualTo(expected);
    }

    @Test
    void aNetworkIsLookedUpAsItsTextAndFails() throws IOException {
        ObjectNode out = run(withDatabase(), "{\"details\": {\"sourceipaddress\": \"8.8.8.8/24\"}}");
        assertThat(out.at("/details/sourceipgeolocation/error").asText())
                .isEqualTo("'8.8.8.8/24' does not appear to be an IPv4 or IPv6 address");
    }
}
