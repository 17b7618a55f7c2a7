package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.pipeline.PluginContext;

/** Mapping tables: JMESPath lookups, nulls left out, and a file in the plugin folder overriding the bundled one. */
class MappingTableTest {

    private static PluginContext folder(Path dir) {
        return new PluginContext(() -> "host", dir, null);
    }

    @Test
    void aFileInThePluginFolderOverridesTheBundledTable(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(GithubWebhooks.MAPPING), "push:\n  who: details.body.pusher.name\n");
        MappingTable table = MappingTable.load(folder(dir), GithubWebhooks.MAPPING);
        ObjectNode event = Json.object();
        event.putObject("details").putObject("body").putObject("pusher").put("name", "octocat");

        ObjectNode out = Json.object();
        table.apply("push", event, out);

        assertThat(out).isEqualTo(Json.object().put("who", "octocat"));
        assertThat(table.has("create")).isFalse();
    }

    @Test
    void missingValuesAndPathsThroughListsAreLeftOut() {
        MappingTable table = MappingTable.load(null, GuardDuty.MAPPING);
        ObjectNode event = Json.object();
        event.putObject("details").put("id", "f-1").putObject("resource").putArray("instanceDetails");

        ObjectNode out = Json.object();
        table.apply("Recon:EC2/PortProbeUnprotectedPort", event, out);

        assertThat(out).isEqualTo(Json.object().put("findingid", "f-1"));
    }

    @Test
    void aBadExpressionNamesTheFieldAndFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad.yml"), "push:\n  who: details.[\n");
        assertThatThrownBy(() -> MappingTable.load(folder(dir), "bad.yml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.yml, push.who");
    }
}
