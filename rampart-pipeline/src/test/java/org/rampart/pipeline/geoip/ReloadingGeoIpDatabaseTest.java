package org.rampart.pipeline.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.testing.GeoIpData;

/** The GeoIP folder read again when its files are replaced, on the real DB-IP Lite and ASN databases. */
class ReloadingGeoIpDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aDatabasePutInPlaceOrReplacedIsUsedWithoutARestartAndABrokenOneIsNot() throws Exception {
        Path city = GeoIpData.fetched(GeoIpDatabase.IPV4_FILE);
        Path asn = GeoIpData.fetched("asn.mmdb");
        InetAddress google = InetAddress.getByName("8.8.8.8");
        ReloadingGeoIpDatabase database = ReloadingGeoIpDatabase.of(dir, Duration.ZERO);
        assertThat(database.current()).as("an empty folder").isNull();

        replace(city);
        assertThat(database.current().locate(google).path("country_code").asText()).isEqualTo("US");

        // Another database renamed over the file: the ASN data has no city schema, so the city fields go.
        replace(asn);
        GeoIpDatabase swapped = database.current();
        assertThat(swapped.locate(google).has("country_code")).isFalse();

        // A file that is no database (a copy cut short): the database in use stays.
        Path broken = dir.resolve("broken.tmp");
        Files.write(broken, new byte[] {1, 2, 3});
        Files.move(broken, dir.resolve(GeoIpDatabase.IPV4_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        assertThat(database.current()).isSameAs(swapped);

        replace(city);
        assertThat(database.current().locate(google).path("country_code").asText()).isEqualTo("US");
    }

    @Test
    void betweenChecksTheFilesAreNotLookedAt() throws Exception {
        Path city = GeoIpData.fetched(GeoIpDatabase.IPV4_FILE);
        ReloadingGeoIpDatabase database = ReloadingGeoIpDatabase.of(dir, Duration.ofDays(1));
        replace(city);
        assertThat(database.current()).as("the next check is a day away").isNull();
    }

    /** As an operator replaces it: a complete copy beside it, renamed over it. */
    private void replace(Path source) throws Exception {
        Path copy = dir.resolve("incoming.tmp");
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.move(copy, dir.resolve(GeoIpDatabase.IPV4_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
