package org.rampart.server.cluster;

import java.nio.file.Path;
import java.util.Map;
import org.rampart.event.config.RampartConfig;
import org.rampart.server.run.RampartProcess;
import org.rampart.server.run.RampartServer;

/**
 * Two Rampart nodes in this JVM, {@code a} and {@code b}, running {@code roles}, each with its own data folder and
 * host name, on one fresh PostgreSQL database ({@code state.type: postgresql}): what two machines of a cluster share.
 */
final class TwoNodes implements AutoCloseable {
    private final PostgresDatabase database;
    final RampartServer a;
    final RampartServer b;

    TwoNodes(Path dir, String roles) throws Exception {
        database = new PostgresDatabase();
        RampartServer first = null;
        try {
            first = RampartServer.start(config(dir, "a", roles));
            b = RampartServer.start(config(dir, "b", roles));
        } catch (Exception | Error e) {
            if (first != null) {
                first.close();
            }
            database.close();
            throw e;
        }
        a = first;
    }

    private RampartConfig config(Path dir, String node, String roles) throws Exception {
        return RampartConfig.load(null, Map.of()).with(Map.of("data.dir", dir.resolve(node).toString(), "roles", roles,
                "rest.port", Integer.toString(RampartProcess.freePort()), "web.port", "0", "mozdef.hostname", "node-" + node,
                "state.type", "postgresql", "state.url", database.url(), "state.user", "postgres"));
    }

    @Override
    public void close() throws Exception {
        try (database) {
            a.close();
            b.close();
        }
    }
}
