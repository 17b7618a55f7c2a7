package org.rampart.server.alerts;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rampart new-alert}: what it writes into a copy of the tree compiles, and the generated test passes. */
class AlertScaffoldTest {
    private static final Path REPO = RepoRoot.get();
    private static final String RESOURCES = "rampart-alerts-library/src/main/resources/";
    private static final String SERVICES = RESOURCES + "META-INF/services/org.rampart.alerts.AlertTask";

    @TempDir
    Path tree;

    /** A copy of the parts of the tree the scaffold touches. */
    private void copyTree() throws Exception {
        Files.createDirectories(tree.resolve("rampart-alerts-library/src/main/java"));
        for (String file : List.of(RESOURCES + "alerts/alerts.yml", SERVICES)) {
            Files.createDirectories(tree.resolve(file).getParent());
            Files.copy(REPO.resolve(file), tree.resolve(file));
        }
    }

    @Test
    void scaffoldsAnAlertWhoseGeneratedTestCompilesAndPasses() throws Exception {
        copyTree();

        AlertScaffold.Created created = AlertScaffold.create(tree, "hello_world");

        assertThat(created.classname()).isEqualTo("AlertHelloWorld");
        assertThat(Files.readString(tree.resolve(RESOURCES + "alerts/alerts.yml")))
                .endsWith("  hello_world.AlertHelloWorld: \"*/1 * * * *\"\n");
        assertThat(Files.readAllLines(tree.resolve(SERVICES))).contains("org.rampart.alerts.library.AlertHelloWorld");

        Path classes = Files.createDirectories(tree.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "--release", "21", "-proc:none", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"),
                tree.resolve("rampart-alerts-library/src/main/java/org/rampart/alerts/library/AlertHelloWorld.java").toString(),
                tree.resolve("rampart-alerts-library/src/test/java/org/rampart/alerts/library/AlertHelloWorldTest.java").toString());
        assertThat(compiled).as("javac exit code").isZero();

        Path resources = tree.resolve(RESOURCES);
        assertThat(runGeneratedTest(classes, resources)).startsWith("0:").contains("PASS alertsOnItsCategoryWithinTheWindowOnly");

        // The same test fails once the alert's config no longer fits its cases: it tests something.
        Path config = resources.resolve("alerts/hello_world.conf");
        Files.writeString(config, Files.readString(config).replace("threshold = 1", "threshold = 2"));
        assertThat(runGeneratedTest(classes, resources)).startsWith("1:").contains("FAIL");
    }

    @Test
    void refusesToOverwriteAndWritesNothingThen() throws Exception {
        copyTree();
        AlertScaffold.create(tree, "hello_world");
        String schedule = Files.readString(tree.resolve(RESOURCES + "alerts/alerts.yml"));
        Path source = tree.resolve("rampart-alerts-library/src/main/java/org/rampart/alerts/library/AlertHelloWorld.java");
        Files.writeString(source, "// edited by hand");

        assertThatThrownBy(() -> AlertScaffold.create(tree, "hello_world"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
        assertThat(Files.readString(source)).isEqualTo("// edited by hand");
        assertThat(Files.readString(tree.resolve(RESOURCES + "alerts/alerts.yml"))).isEqualTo(schedule);
    }

    @Test
    void refusesNamesThatAreNotModuleNamesAndTreesThatAreNotRampart() throws Exception {
        copyTree();
        assertThatThrownBy(() -> AlertScaffold.create(tree, "../evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertScaffold.create(tree, "Foo")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertScaffold.create(tree.resolve("rampart-alerts-library"), "foo"))
                .hasMessageContaining("not a Rampart source tree");
        assertThat(AlertScaffold.classname("bruteforce_ssh")).isEqualTo("AlertBruteforceSsh");
    }

    /** Runs the generated test class in a JVM whose class path starts with the generated classes and resources. */
    private static String runGeneratedTest(Path classes, Path resources) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classes + File.pathSeparator + resources + File.pathSeparator + System.getProperty("java.class.path"),
                GeneratedTestRunner.class.getName(), "org.rampart.alerts.library.AlertHelloWorldTest"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
    }
}
