package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.web.rest.spi.RestPlugin;

/** MozDef's REST plugin contract: {@code /plugins} lists them, a dispatching route runs them by priority. */
class RestPluginDispatchTest {
    /** A drop-in that answers /blockip after the bundled IPBlockList (priority 10) and tags the reply. */
    private record Echo(String name, int priority) implements RestPlugin {
        @Override
        public List<String> registration() {
            return List.of("blockip");
        }

        @Override
        public void onMessage(Request request, Reply reply) {
            reply.set(202, "application/json", Json.object().put("by", request.caller()).put("before", reply.body())
                    .put("endpoint", request.endpoint()).put("last", name).toString());
            reply.header("X-Plugin", name);
        }
    }

    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() {
        rest = new RestFixture(dir, List.of(new Echo("second", 50), new Echo("first", 20)));
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void pluginsListsTheBundledSetAsMozDefThenTheDropIns() throws Exception {
        String all = rest.send("GET", "/plugins", null, rest.serviceToken()).body();
        assertThat(all).startsWith("[{\"file\":\"plugins.ipblocklist\",\"name\":\"IPBlockList\",\"description\":"
                + "\"IP Block LIst\",\"registration\":[\"blockip\"],\"priority\":10},{\"file\":\"plugins.fqdnblocklist\","
                + "\"name\":\"FQDNBlockList\",\"description\":\"FQDN Block LIst\",\"registration\":[\"blockfqdn\"],"
                + "\"priority\":10},{\"file\":\"plugins.watchlist\",\"name\":\"WatchList\",\"description\":\"Watch List\","
                + "\"registration\":[\"watchitem\"],\"priority\":10},{\"file\":\"plugins.second\"");
        assertThat(RestFixture.json(rest.send("GET", "/plugins/blockip", null, rest.serviceToken())))
                .extracting(n -> n.path("name").asText()).containsExactly("IPBlockList", "second", "first");
        assertThat(rest.send("GET", "/plugins/block", null, rest.serviceToken()).body()).isEqualTo("[]");
        assertThat(rest.send("GET", "/plugins/blockip/more", null, rest.serviceToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void matchingPluginsRunByAscendingPriorityAndMayChangeTheReply() throws Exception {
        HttpResponse<String> r = rest.send("POST", "/blockip", "[{\"ipaddress\": \"1.2.3.4\"}, {\"IPBlockList\": true}]",
                rest.serviceToken());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("X-Plugin")).hasValue("second");
        assertThat(RestFixture.json(r).path("last").asText()).isEqualTo("second");
        assertThat(RestFixture.json(r).path("before").asText()).as("first ran before second").contains("first");
        assertThat(RestFixture.json(r).path("by").asText()).isEqualTo("service-token");
        assertThat(RestFixture.json(r).path("endpoint").asText()).isEqualTo("blockip");
        assertThat(rest.send("POST", "/watchitem", "[]", rest.serviceToken()).statusCode())
                .as("a plugin for blockip does not run on watchitem").isEqualTo(200);
    }
}
