package org.rampart.server.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rampart.server.cli.ConfigOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code rampart conformance DIR...}: runs MozDef conformance fixtures; exit code 1 when any case fails. The launcher
 * runs it from this module's class path, so the fixture runners never ship in the server's.
 */
@Command(name = "rampart conformance", mixinStandardHelpOptions = true,
        description = "Run every conformance fixture (mq, alerts, alert plugins, http) under the given folders.")
public final class ConformanceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders or files, e.g. conformance/mq")
    List<Path> dirs;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        ConformanceRunner.Totals totals = new ConformanceRunner(config.load()).run(dirs, System.out);
        return totals.failed() == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceCommand()).execute(args));
    }
}
