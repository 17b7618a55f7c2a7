package org.rampart.server.run;

import java.nio.file.Path;
import org.rampart.event.config.RampartConfig;

/** {@code RampartServerMain [--config rampart.yml]}: runs the embedded server until SIGTERM. The CLI's {@code run} does the same. */
public final class RampartServerMain {
    private RampartServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                System.err.println("usage: RampartServerMain [--config rampart.yml]");
                System.exit(2);
            }
        }
        RampartServer.start(RampartConfig.load(config, System.getenv())).closeOnShutdown().awaitShutdown();
    }
}
