package org.rampart.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rampart.event.config.DataLayout;
import org.rampart.event.config.RampartConfig;

/** The REST API token a command sends to the running server. */
final class ServerToken {
    private ServerToken() {}

    /** {@code given} (a --token option) if set, else $RAMPART_API_TOKEN, else the data folder's api-token file. */
    static String of(String given, RampartConfig cfg) throws IOException {
        if (given != null) {
            return given;
        }
        String env = System.getenv("RAMPART_API_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Path file = DataLayout.of(cfg).apiToken();
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("no API token: pass --token, set RAMPART_API_TOKEN, or run where "
                    + file + " is readable");
        }
        return Files.readString(file).strip();
    }
}
