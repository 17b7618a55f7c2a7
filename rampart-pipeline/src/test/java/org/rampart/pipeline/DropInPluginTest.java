package org.rampart.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;

/** A plugin compiled and jarred here, found in the drop-in folder, runs in the chain. */
class DropInPluginTest {
    @TempDir
    Path dir;

    private static final String SOURCE = """
            package example;
            import com.fasterxml.jackson.databind.node.ObjectNode;
            import java.util.List;
            import org.rampart.pipeline.*;
            public class Stamp implements EventPlugin {
                private String host;
                public List<String> registration() { return List.of("Stampable"); }
                public int priority() { return 7; }
                public String name() { return "stamp"; }
                public void configure(PluginContext ctx) { host = ctx.hostname().get(); }
                public ObjectNode onMessage(ObjectNode event, EventMetadata md) {
                    return event.put("stampedby", host);
                }
            }
            """;

    @Test
    void aJarInTheDropInFolderIsLoadedConfiguredAndRun() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        buildJar(plugins.resolve("stamp.jar"));
        PluginContext ctx = new PluginContext(Clock.systemUTC(), () -> "node7", null, null);

        PluginChain chain = PluginChain.load(ctx, plugins, Set.of());
        assertThat(chain.plugins()).extracting(EventPlugin::name).contains("stamp", "lower_keys");
        ObjectNode out = chain.process((ObjectNode) Json.MAPPER.readTree("{\"kind\": \"stampable\"}"),
                new EventMetadata());
        assertThat(out.path("stampedby").asText()).isEqualTo("node7");
        assertThat(out.at("/mozdef/plugins").toString()).contains("stamp");

        assertThat(PluginChain.load(ctx, plugins, Set.of("stamp")).plugins())
                .extracting(EventPlugin::name).doesNotContain("stamp");
    }

    private void buildJar(Path jar) throws IOException, URISyntaxException {
        Path src = Files.createDirectories(dir.resolve("src/example")).resolve("Stamp.java");
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classpath = Stream.of(EventPlugin.class, ObjectNode.class, JsonParser.class, JsonProperty.class)
                .map(DropInPluginTest::location).collect(Collectors.joining(java.io.File.pathSeparator));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "21", "-cp", classpath, "-d", classes.toString(),
                src.toString());
        assertThat(rc).as("javac exit code").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, "example/Stamp.class", Files.readAllBytes(classes.resolve("example/Stamp.class")));
            // A provider that does not exist must not keep the good one (or any other plugin) from loading.
            add(out, "META-INF/services/org.rampart.pipeline.EventPlugin",
                    "example.Missing\nexample.Stamp\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
