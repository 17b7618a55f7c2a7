package org.rampart.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rampart.server.alerts.AlertScaffold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rampart new-alert NAME}: MozDef's {@code make new-alert}, an alert with its config, test and schedule. */
@Command(name = "new-alert", mixinStandardHelpOptions = true,
        description = "Scaffold a new alert in the source tree: its class, its config file, its JUnit test (a positive"
                + " and a negative case), its alerts.yml schedule and its registration. Never overwrites.")
final class NewAlertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Lower case with underscores, e.g. foo_bar (gives AlertFooBar).")
    String name;

    @Option(names = "--repo", paramLabel = "PATH",
            description = "The Rampart source tree (default: the one ./rampart runs from, else the working directory).")
    Path repo;

    @Override
    public Integer call() throws Exception {
        Path root = repo != null ? repo : Path.of(System.getProperty("rampart.home", "."));
        AlertScaffold.Created created = AlertScaffold.create(root, name);
        created.files().forEach(file -> System.out.println("wrote " + file));
        System.out.println("next: edit " + created.classname() + " and its test; run the test (it passes as generated)"
                + " with ./rampart test -pl rampart-alerts-library -am -Dtest=" + created.classname()
                + "Test -Dsurefire.failIfNoSpecifiedTests=false; ./rampart alert list shows " + created.scheduleKey());
        return 0;
    }
}
