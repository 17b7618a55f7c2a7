package org.rampart.server.cli;

import java.util.concurrent.Callable;
import org.rampart.server.run.RampartServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rampart run}: intake, pipeline, store and REST API in one process, data under {@code data.dir}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start Rampart with embedded storage (data in ./data by default).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        try (RampartServer server = RampartServer.startClosingOnShutdown(config.load())) {
            server.awaitShutdown();
        }
        return 0;
    }
}
