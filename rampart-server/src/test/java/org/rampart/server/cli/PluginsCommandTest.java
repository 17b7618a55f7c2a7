package org.rampart.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.extension.Extension;
import org.rampart.event.testing.DropInJar;
import org.rampart.pipeline.EventPlugin;

/** {@code rampart plugins} lists every extension by kind, bundled and drop-in, with event plugins' registration. */
class PluginsCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryKindWithOriginsAndEventPluginRegistrations() throws Exception {
        Path extensions = dir.resolve("data/extensions");
        DropInJar.build(extensions.resolve("event-plugins/tagger.jar"), Map.of("Tagger", """
                        package example;
                        import com.fasterxml.jackson.databind.node.ObjectNode;
                        import java.util.List;
                        import org.rampart.pipeline.*;
                        public class Tagger implements EventPlugin {
                            public List<String> registration() { return List.of("nginx"); }
                            public int priority() { return 42; }
                            public String name() { return "tagger"; }
                            public ObjectNode onMessage(ObjectNode event, EventMetadata md) { return event; }
                        }
                        """), EventPlugin.class, List.of("example.Tagger"),
                EventPlugin.class, Extension.class, ObjectNode.class, JsonParser.class, JsonProperty.class);
        Path config = Files.writeString(dir.resolve("rampart.yml"), "data: {dir: \"" + dir.resolve("data") + "\"}\n");

        CliRun run = CliRun.of("plugins", "--config", config.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out())
                .contains("event plugins (36; drop-in jars in " + extensions.resolve("event-plugins") + ")")
                .containsPattern("(?m)^  tagger +tagger\\.jar  registration \\[nginx\\], priority 42$")
                .containsPattern("(?m)^  broFixup +bundled  registration \\[bro\\], priority 5$")
                .containsPattern("(?m)^alert plugins \\(8; .*alert-plugins\\)$")
                .containsPattern("(?m)^  ip_source_enrichment +bundled$")
                .containsPattern("(?m)^alert actions \\(7; .*alert-actions\\)$")
                .containsPattern("(?m)^  webhook +bundled$")
                .containsPattern("(?m)^REST plugins \\(0; .*rest-plugins\\)$")
                .containsPattern("(?m)^stores \\(2; .*stores\\)$")
                .containsPattern("(?m)^  lucene +bundled$")
                .containsPattern("(?m)^  opensearch +bundled$");
    }
}
