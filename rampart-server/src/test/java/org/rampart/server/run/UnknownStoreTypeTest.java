package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.RampartConfig;

/** A store.type no provider has stops the start with what was asked and what there is. */
class UnknownStoreTypeTest {
    @TempDir
    Path dir;

    @Test
    void theStartFailsNamingTheKeyTheNameAndTheStoresAvailable() {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(Map.of("data.dir", dir.toString(),
                "store.type", "cassandra", "intake.port", "0", "rest.port", "0", "web.port", "0"));

        assertThatThrownBy(() -> RampartServer.start(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store.type")
                .hasMessageContaining("no store named \"cassandra\"")
                .hasMessageContaining("available: [lucene, opensearch]")
                .hasMessageContaining(dir.resolve("extensions").resolve("stores").toString());
    }
}
