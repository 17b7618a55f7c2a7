package org.rampart.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rampart.event.config.RampartConfig;
import picocli.CommandLine.Option;

/** {@code --config PATH}, shared by every command that reads the configuration (the conformance tool's too). */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "PATH",
            description = "Configuration file (default: ./rampart.yml when present). Every key can also be set "
                    + "with an environment variable, e.g. RAMPART_INTAKE_PORT for intake.port.")
    Path file;

    public RampartConfig load() {
        Path path = file;
        if (path == null && Files.exists(Path.of("rampart.yml"))) {
            path = Path.of("rampart.yml");
        }
        if (path != null && !Files.isRegularFile(path)) {
            throw new IllegalArgumentException("configuration file not found: " + path);
        }
        return RampartConfig.load(path, System.getenv());
    }
}
