package org.rampart.event.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The GeoIP and ASN databases scripts/fetch-geoip.sh fetches at build time, for every module's tests. */
public final class GeoIpData {
    private GeoIpData() {}

    /** The folder: system property {@code rampart.geoip.dir} (the launcher sets it), else build/geoip. */
    public static Path dir() {
        String property = System.getProperty("rampart.geoip.dir");
        return property != null ? Path.of(property) : RepoRoot.get().resolve("build/geoip");
    }

    /** One fetched file; the calling test is skipped when it is missing. */
    public static Path fetched(String name) {
        Path file = dir().resolve(name);
        assumeTrue(Files.isRegularFile(file), "GeoIP data missing: run ./scripts/fetch-geoip.sh build/geoip");
        return file;
    }
}
