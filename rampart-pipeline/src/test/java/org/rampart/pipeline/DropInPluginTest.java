package org.rampart.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.Extensions;
import org.rampart.event.testing.DropInJar;

/** A plugin compiled and jarred here, found in the event plugins' drop-in folder, runs in the chain. */
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
                    return event.put("stampedby", host).put("stampedat", md.context().received().toString());
                }
            }
            """;

    @Test
    void aJarInTheDropInFolderIsLoadedConfiguredAndRun() throws Exception {
        // A provider that does not exist must not keep the good one (or any other plugin) from loading.
        DropInJar.build(dir.resolve(EventPlugin.KIND.folder()).resolve("stamp.jar"), Map.of("Stamp", SOURCE),
                EventPlugin.class, List.of("example.Missing", "example.Stamp"),
                EventPlugin.class, Extension.class, ObjectNode.class, JsonParser.class, JsonProperty.class);
        PluginContext ctx = new PluginContext(() -> "node7", null, null);
        Extensions extensions = Extensions.withDropIns(dir);

        PluginChain chain = PluginChain.load(extensions, ctx, Set.of());
        assertThat(chain.plugins()).extracting(EventPlugin::name).contains("stamp", "lower_keys");
        Instant intake = Instant.parse("2026-12-31T23:59:59.5Z");
        ObjectNode out = chain.process((ObjectNode) Json.MAPPER.readTree("{\"kind\": \"stampable\"}"),
                new EventMetadata(EventContext.at(Clock.fixed(intake, ZoneOffset.UTC))));
        assertThat(out.path("stampedby").asText()).isEqualTo("node7");
        assertThat(out.path("stampedat").asText()).as("the event's intake time, not the wall clock").isEqualTo(intake.toString());
        assertThat(out.at("/mozdef/plugins").toString()).contains("stamp");

        assertThat(PluginChain.load(extensions, ctx, Set.of("stamp")).plugins())
                .extracting(EventPlugin::name).doesNotContain("stamp");
    }
}
