package org.rampart.server.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.run.RampartServer;

/**
 * For each test, two Rampart nodes in this JVM, {@link #a} and {@link #b}, running the given roles, each with its own
 * data folder and host name, on one fresh PostgreSQL database ({@code state.type: postgresql}): what two machines of
 * a cluster share. Register it with {@code @RegisterExtension}.
 */
final class TwoNodes implements BeforeEachCallback, AfterEachCallback {
    private final String roles;
    private Path dir;
    private PostgresDatabase database;
    RampartServer a;
    RampartServer b;

    TwoNodes(String roles) {
        this.roles = roles;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("rampart-two-nodes-");
        database = new PostgresDatabase();
        a = RampartServer.start(config("a"));
        b = RampartServer.start(config("b"));
    }

    private RampartConfig config(String node) throws Exception {
        return RampartConfig.load(null, Map.of()).with(Map.of("data.dir", dir.resolve(node).toString(), "roles", roles,
                "rest.port", Integer.toString(RampartProcess.freePort()), "web.port", "0", "mozdef.hostname", "node-" + node,
                "state.type", "postgresql", "state.url", database.url(), "state.user", "postgres"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try (PostgresDatabase shared = database) {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
