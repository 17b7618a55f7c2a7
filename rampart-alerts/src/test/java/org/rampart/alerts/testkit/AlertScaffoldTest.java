package org.rampart.alerts.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.alerts.AlertConfig;

/** The scaffold's alert and test compile, and the generated test passes as generated. */
class AlertScaffoldTest {

    @Test
    void generatedAlertAndTestCompileAndTheTestPasses(@TempDir Path root) throws Exception {
        AlertScaffold.Scaffolded files = AlertScaffold.generate("Proxy drop, executable!", "com.example.alerts", root);

        assertThat(files.alert().getFileName().toString()).isEqualTo("AlertProxyDropExecutable.java");
        assertThat(files.config().getFileName().toString()).isEqualTo("proxy_drop_executable.conf");
        assertThat(Files.readString(files.registration())).isEqualTo("com.example.alerts.AlertProxyDropExecutable\n");
        assertThat(new AlertConfig(files.config().getParent(), key -> null)
                .parseConfig("proxy_drop_executable.conf", "threshold")).containsEntry("threshold", "1");

        Path classes = Files.createDirectories(root.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "21", files.alert().toString(), files.test().toString());
        assertThat(status).as("javac exit status").isZero();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> test = loader.loadClass("com.example.alerts.AlertProxyDropExecutableTest");
            Constructor<?> constructor = test.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method method = test.getDeclaredMethod("alertFiresOnHelloworldEventsOnly");
            method.setAccessible(true);
            method.invoke(constructor.newInstance());
        }
    }

    @Test
    void refusesToOverwriteAndRejectsBadNames(@TempDir Path root) throws Exception {
        AlertScaffold.generate("foo", "com.example", root);
        assertThatThrownBy(() -> AlertScaffold.generate("foo", "com.example", root)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AlertScaffold.generate("!!", "com.example", root)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertScaffold.generate("bar", "Com.Example;", root)).isInstanceOf(IllegalArgumentException.class);
    }
}
