package org.rampart.server.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MozDef's {@code make new-alert}: writes a new alert class, its config file, its JUnit test (positive and negative
 * case on the alert test kit), its {@code alerts.yml} entry and its ServiceLoader registration into a Rampart source
 * tree. It never overwrites: if any of the files or the schedule entry exists, nothing is written.
 */
public final class AlertScaffold {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String MODULE = "rampart-alerts-library";
    private static final String PACKAGE_DIR = "org/rampart/alerts/library";

    /**
     * What was written.
     *
     * @param classname the alert's class name ({@code AlertFooBar} for {@code foo_bar})
     * @param scheduleKey its {@code alerts.yml} key ({@code foo_bar.AlertFooBar})
     * @param files the files created or appended to, relative to the source tree
     */
    public record Created(String classname, String scheduleKey, List<Path> files) {}

    private AlertScaffold() {}

    /** The class name for an alert name: {@code foo_bar} gives {@code AlertFooBar}. */
    public static String classname(String name) {
        StringBuilder out = new StringBuilder("Alert");
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    /**
     * Scaffolds alert {@code name} (lower case with underscores, MozDef's module name) in the source tree at
     * {@code repo}.
     *
     * @throws IllegalArgumentException if the name is not valid, the tree has no {@code rampart-alerts-library} module, or
     *     something of that name exists already
     */
    public static Created create(Path repo, String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("alert name \"" + name + "\": use lower case letters, digits and"
                    + " underscores, starting with a letter, as MozDef's module names (e.g. foo_bar)");
        }
        Path module = repo.resolve(MODULE);
        if (!Files.isDirectory(module.resolve("src/main/java"))) {
            throw new IllegalArgumentException(repo.toAbsolutePath() + " is not a Rampart source tree (no "
                    + MODULE + "/src/main/java); run it from the repository root or pass --repo");
        }
        String classname = classname(name);
        String scheduleKey = name + "." + classname;
        Path source = module.resolve("src/main/java").resolve(PACKAGE_DIR).resolve(classname + ".java");
        Path config = module.resolve("src/main/resources/alerts").resolve(name + ".conf");
        Path test = module.resolve("src/test/java").resolve(PACKAGE_DIR).resolve(classname + "Test.java");
        Path schedule = module.resolve("src/main/resources/alerts/alerts.yml");
        Path services = module.resolve("src/main/resources/META-INF/services/org.rampart.alerts.AlertTask");
        for (Path file : List.of(source, config, test)) {
            if (Files.exists(file)) {
                throw new IllegalArgumentException(repo.relativize(file) + " exists already; nothing was written");
            }
        }
        if (Files.exists(schedule) && Files.readString(schedule).contains("\n  " + scheduleKey + ":")) {
            throw new IllegalArgumentException(scheduleKey + " is in " + repo.relativize(schedule) + " already; nothing was written");
        }
        String fqcn = "org.rampart.alerts.library." + classname;
        if (Files.exists(services) && Files.readAllLines(services).contains(fqcn)) {
            throw new IllegalArgumentException(fqcn + " is registered in " + repo.relativize(services) + " already");
        }
        write(source, fill(ALERT, name, classname));
        write(config, fill(CONFIG, name, classname));
        write(test, fill(TEST, name, classname));
        append(schedule, "  " + scheduleKey + ": \"*/1 * * * *\"\n");
        append(services, fqcn + "\n");
        return new Created(classname, scheduleKey, List.of(repo.relativize(source), repo.relativize(config),
                repo.relativize(test), repo.relativize(schedule), repo.relativize(services)));
    }

    private static String fill(String template, String name, String classname) {
        return template.replace("${name}", name).replace("${Class}", classname)
                .replace("${title}", name.replace('_', ' ').toLowerCase(Locale.ROOT));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }

    /** Appends a line, first ending the file's last line if it has no line break. */
    private static void append(Path file, String line) throws IOException {
        Files.createDirectories(file.getParent());
        String existing = Files.exists(file) ? Files.readString(file) : "";
        String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        Files.writeString(file, prefix + line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static final String ALERT = """
            package org.rampart.alerts.library;

            import com.fasterxml.jackson.databind.node.ObjectNode;
            import java.util.List;
            import java.util.Map;
            import org.rampart.alerts.Aggregation;
            import org.rampart.alerts.AlertTask;
            import org.rampart.query.SearchQuery;
            import org.rampart.query.TermMatch;

            /**
             * ${title}: alerts when one source address sends {@code threshold} or more events of the configured
             * category within 15 minutes. Scaffolded by {@code rampart new-alert ${name}}; make it yours.
             */
            public class ${Class} extends AlertTask {

                @Override
                protected void main() {
                    // ${name}.conf ([options]); an environment variable OPTIONS_<KEY> overrides a value.
                    Map<String, String> config = parseConfig("${name}.conf", "category", "threshold");
                    SearchQuery query = SearchQuery.minutes(15);
                    query.addMust(new TermMatch("category", config.get("category")));
                    // Skips events this alert already fired on, then searches.
                    filtersManual(query);
                    // One group per source address, up to 10 sample events in each.
                    searchEventsAggregated("details.sourceipaddress", 10);
                    walkAggregations(Options.integer("threshold", config.get("threshold")));
                }

                @Override
                protected ObjectNode onAggregation(Aggregation aggregation) {
                    String summary = "${title}: " + aggregation.count() + " event(s) from " + aggregation.value();
                    return createAlertDict(summary, "${name}", List.of("${name}"), aggregation.events(), "NOTICE");
                }
            }
            """;

    private static final String CONFIG = """
            [options]
            # The event category ${name} looks at.
            category = helloworld
            # How many events from one source address make an alert.
            threshold = 1
            """;

    private static final String TEST = """
            package org.rampart.alerts.library;

            import static org.rampart.alerts.testkit.AlertTestSuite.json;
            import static org.rampart.alerts.testkit.AlertTestSuite.secondsAgo;

            import java.util.List;
            import org.junit.jupiter.api.Test;
            import org.rampart.alerts.testkit.AlertTestSuite;
            import org.rampart.store.lucene.LuceneEventStore;

            /** ${Class}: a positive and a negative case, each on a fresh embedded store (MozDef's AlertTestSuite). */
            class ${Class}Test {

                @Test
                void alertsOnItsCategoryWithinTheWindowOnly() {
                    AlertTestSuite.of(${Class}::new, LuceneEventStore::open)
                            .defaultEvent(json(\"""
                                    {"category": "helloworld", "details": {"sourceipaddress": "1.2.3.4"}}\"""))
                            .defaultAlert(json(\"""
                                    {"category": "${name}", "severity": "NOTICE", "tags": ["${name}"],
                                     "summary": "${title}: 1 event(s) from 1.2.3.4"}\"""))
                            .positive("an event of the category alerts", List.of(json("{}")), json("{}"))
                            .negative("another category does not", List.of(json("{\\"category\\": \\"other\\"}")))
                            .negative("an event older than 15 minutes does not", List.of(json("{\\"utctimestamp\\": "
                                    + secondsAgo(16 * 60) + ", \\"receivedtimestamp\\": " + secondsAgo(16 * 60) + "}")))
                            .verify();
                }
            }
            """;
}
