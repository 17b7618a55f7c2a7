package org.rampart.server.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rampart.server.conformance.ConformanceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rampart conformance DIR...}: runs MozDef conformance fixtures; exit code 1 when any case fails. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run every conformance fixture (mq, alerts, alert plugins, http) under the given folders.")
final class ConformanceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders or files, e.g. conformance/mq")
    List<Path> dirs;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        ConformanceRunner.Totals totals = new ConformanceRunner(config.load()).run(dirs, System.out);
        return totals.failed() == 0 ? 0 : 1;
    }
}
