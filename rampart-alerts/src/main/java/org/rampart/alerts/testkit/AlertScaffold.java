package org.rampart.alerts.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MozDef's {@code make new-alert}: writes a new alert class, its config file, its service registration and its
 * test (positive and negative cases on {@link AlertTestSuite}), which passes as generated. {@code rampart new-alert}
 * calls it.
 */
public final class AlertScaffold {
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private AlertScaffold() {}

    /** The files one alert consists of, as written. */
    public record Scaffolded(Path alert, Path config, Path test, Path registration) {}

    /**
     * Writes the alert named in words ("proxy drop executable" gives {@code proxy_drop_executable} and
     * {@code AlertProxyDropExecutable}) under {@code root} (a Maven module: src/main/java, src/main/resources,
     * src/test/java), in {@code javaPackage}; refuses to overwrite an existing alert.
     */
    public static Scaffolded generate(String name, String javaPackage, Path root) throws IOException {
        List<String> words = words(name);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an alert name needs letters or digits, e.g. \"proxy drop executable\"");
        }
        if (!PACKAGE.matcher(javaPackage).matches()) {
            throw new IllegalArgumentException("not a Java package name: " + javaPackage);
        }
        String filename = String.join("_", words);
        String classname = "Alert" + String.join("", words.stream()
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).toList());
        Path packageDir = Path.of(javaPackage.replace('.', '/'));
        Path alert = root.resolve("src/main/java").resolve(packageDir).resolve(classname + ".java");
        Path test = root.resolve("src/test/java").resolve(packageDir).resolve(classname + "Test.java");
        Path config = root.resolve("src/main/resources/alerts").resolve(filename + ".conf");
        Path registration = root.resolve("src/main/resources/META-INF/services/org.rampart.alerts.AlertTask");
        for (Path existing : List.of(alert, test, config)) {
            if (Files.exists(existing)) {
                throw new IllegalStateException(existing + " exists already; choose another alert name");
            }
        }
        write(alert, alertSource(javaPackage, classname, filename));
        write(test, testSource(javaPackage, classname, filename));
        write(config, "[options]\n# how many events from one address make an alert\nthreshold = 1\nseverity = NOTICE\n");
        Files.createDirectories(registration.getParent());
        Files.writeString(registration, javaPackage + "." + classname + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new Scaffolded(alert, config, test, registration);
    }

    private static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String word : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String alertSource(String javaPackage, String classname, String filename) {
        return """
                package %1$s;

                import com.fasterxml.jackson.databind.node.ObjectNode;
                import java.util.List;
                import java.util.Map;
                import org.rampart.alerts.AlertTask;
                import org.rampart.alerts.Aggregation;
                import org.rampart.query.ExistsMatch;
                import org.rampart.query.SearchQuery;
                import org.rampart.query.TermMatch;

                /** Describe what this alert detects. */
                public class %2$s extends AlertTask {
                    private Map<String, String> config;

                    @Override
                    protected void main() {
                        config = parseConfig("%3$s.conf", "threshold", "severity");
                        // Look back 20 minutes for helloworld events that carry a source address.
                        SearchQuery query = SearchQuery.minutes(20);
                        query.addMust(new TermMatch("category", "helloworld"), new ExistsMatch("details.sourceipaddress"));
                        filtersManual(query);
                        // One group per source address, with up to 5 sample events each.
                        searchEventsAggregated("details.sourceipaddress", 5);
                        walkAggregations(Integer.parseInt(config.get("threshold")));
                    }

                    @Override
                    protected ObjectNode onAggregation(Aggregation aggregation) {
                        String summary = "My first alert! " + aggregation.count() + " events from " + aggregation.value();
                        return createAlertDict(summary, "helloworld", List.of("%3$s"), aggregation.events(),
                                config.get("severity"));
                    }
                }
                """.formatted(javaPackage, classname, filename);
    }

    private static String testSource(String javaPackage, String classname, String filename) {
        return """
                package %1$s;

                import static org.rampart.alerts.testkit.AlertTestSuite.json;
                import static org.rampart.alerts.testkit.AlertTestSuite.secondsAgo;

                import java.util.Collections;
                import java.util.List;
                import java.util.Map;
                import org.junit.jupiter.api.Test;
                import org.rampart.alerts.testkit.AlertTestSuite;
                import org.rampart.store.lucene.LuceneEventStore;

                class %2$sTest {

                    @Test
                    void alertFiresOnHelloworldEventsOnly() {
                        AlertTestSuite.of(%2$s::new, LuceneEventStore::open)
                                .iniConfig("%3$s.conf", Map.of("threshold", "2", "severity", "NOTICE"))
                                .defaultEvent(json("{\\"category\\": \\"helloworld\\", \\"details\\": {\\"sourceipaddress\\": \\"1.2.3.4\\"}}"))
                                .defaultAlert(json(\"""
                                        {"category": "helloworld", "severity": "NOTICE", "tags": ["%3$s"],
                                         "summary": "My first alert! 2 events from 1.2.3.4"}\"""))
                                .positive("two events from one address", Collections.nCopies(2, json("{}")), json("{}"))
                                .positive("three events: the summary counts them", Collections.nCopies(3, json("{}")),
                                        json("{\\"summary\\": \\"My first alert! 3 events from 1.2.3.4\\"}"))
                                .negative("one event is under the threshold", List.of(json("{}")))
                                .negative("another category", Collections.nCopies(2, json("{\\"category\\": \\"other\\"}")))
                                .negative("older than 20 minutes", Collections.nCopies(2, json("{\\"utctimestamp\\": "
                                        + secondsAgo(1260) + ", \\"receivedtimestamp\\": " + secondsAgo(1260) + "}")))
                                .verify();
                    }
                }
                """.formatted(javaPackage, classname, filename);
    }
}
