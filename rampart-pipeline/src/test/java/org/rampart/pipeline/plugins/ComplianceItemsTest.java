package org.rampart.pipeline.plugins;

import org.rampart.pipeline.EventContext;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;

/** complianceitems: the Python-3 crash of MozDef fixed, one document per check and target. */
class ComplianceItemsTest {
    private final ComplianceItems plugin = new ComplianceItems();

    private static ObjectNode item() {
        ObjectNode event = Json.object();
        event.putArray("tags").add("complianceitems");
        ObjectNode d = event.putObject("details").put("target", "web1.example.com").put("compliance", true)
                .put("link", "https://example.com/check").put("utctimestamp", "2020-01-01T00:00:00+00:00");
        d.putObject("policy").put("level", "medium").put("name", "system").put("url", "https://example.com/p");
        d.putObject("check").put("description", "sshd root login").put("location", "/etc/ssh/sshd_config")
                .put("name", "PermitRootLogin").put("ref", "sshd-1")
                .putObject("test").put("type", "file").put("value", "no");
        return event;
    }

    @Test
    void aValidItemBecomesANewLastKnownStateDocument() {
        EventMetadata md = new EventMetadata(EventContext.at(Clock.systemUTC()));
        ObjectNode event = item();
        ((ObjectNode) event.get("details")).put("extra", "lost");
        ((ObjectNode) event.path("details").path("check")).put("extra", "lost");
        ObjectNode out = plugin.onMessage(event.put("summary", "lost").put("hostname", "lost"), md);

        assertThat(out).isEqualTo(PluginTesting.json("""
                {"target": "web1.example.com",
                 "policy": {"level": "medium", "name": "system", "url": "https://example.com/p"},
                 "check": {"description": "sshd root login", "location": "/etc/ssh/sshd_config",
                           "name": "PermitRootLogin", "test": {"type": "file", "value": "no"}, "ref": "sshd-1"},
                 "compliance": true, "link": "https://example.com/check", "utctimestamp": "2020-01-01T00:00:00+00:00",
                 "type": "last_known_state"}"""));
        assertThat(md.index()).isEqualTo("complianceitems");
        // md5("complianceitems" + "sshd-1" + "no" + "web1.example.com")
        assertThat(md.id()).isEqualTo("6a6416d5791e00bbf76d22623c2684df");
    }

    @Test
    void detailsTagsAreKept() {
        ObjectNode event = item();
        ((ObjectNode) event.get("details")).putArray("tags").add("cis");
        assertThat(plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC()))).get("tags").toString()).isEqualTo("[\"cis\"]");
    }

    @Test
    void anIncompleteItemIsDropped() {
        ObjectNode event = item();
        ((ObjectNode) event.path("details").path("check")).remove("test");
        assertThat(plugin.onMessage(event, new EventMetadata(EventContext.at(Clock.systemUTC())))).isNull();
    }
}
