package org.rampart.pipeline.plugins;

import org.rampart.event.testing.RepoRoot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rampart.event.Json;
import org.rampart.pipeline.EventPlugin;

/** Each plugin of this brief is found by ServiceLoader under its MozDef name, with MozDef's registration and priority. */
class PluginRegistrationTest {
    private static final List<EventPlugin> PLUGINS =
            ServiceLoader.load(EventPlugin.class).stream().map(ServiceLoader.Provider::get).toList();

    @ParameterizedTest
    @ValueSource(strings = {"broFixup", "squidFixup", "suricataFixup", "github_webhooks", "guardDuty", "stackdriver",
            "stackdriver_audit", "stackdriver_gceactivity", "stackdriver_syslog", "zoom_fixup", "triage_bot",
            "vulnerability", "complianceitems"})
    void matchesMozDefsRegistrationAndPriority(String name) throws IOException {
        JsonNode index = Json.MAPPER.readTree(RepoRoot.get().resolve("conformance/mq/_plugins.json").toFile());
        JsonNode mozdef = index.path("plugins").path(name);
        assertThat(mozdef.isObject()).as("MozDef plugin " + name).isTrue();
        EventPlugin plugin = PLUGINS.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        List<String> registration = new ArrayList<>();
        mozdef.path("registration").forEach(r -> registration.add(r.asText()));
        assertThat(plugin.registration()).isEqualTo(registration);
        assertThat(plugin.priority()).isEqualTo(mozdef.path("priority").asInt());
    }
}
