package org.rampart.alerts.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.event.extension.Registered;
import org.rampart.event.extension.Registration;
import org.rampart.query.Hit;
import org.rampart.query.SearchQuery;
import org.rampart.query.SimpleResults;

class AlertPluginsTest {

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(s);
    }

    private static SimpleResults hits(String... sources) throws Exception {
        List<Hit> hits = new ArrayList<>();
        for (String s : sources) {
            hits.add(new Hit("id", "events-20261123", 1.0, json(s)));
        }
        return new SimpleResults(hits, false);
    }

    @Test
    void everyCatalogPluginIsFoundByName() {
        assertThat(Extensions.bundled().all(AlertPluginProvider.KIND)).extracting(Registered::name).containsExactlyInAnyOrder("ipaddr", "ip_source_enrichment",
                "port_scan_enrichment", "dhcp_assignment", "vpn_assignment", "auth_sourceip_username",
                "possible_usernames", "geomodel_ipintel_enrichment");
        assertThat(AlertPlugins.bundledConfig("port_scan_enrichment").path("maxConnections").asInt()).isEqualTo(32);
    }

    @Test
    void theChainRunsRegisteredPluginsInPriorityOrderAndSurvivesAFailingOne() throws Exception {
        List<String> ran = new ArrayList<>();
        AlertPlugin late = new PluginSupport.BasicPlugin("late", Registration.ALL, 100, a -> {
            ran.add("late");
            return a.put("summary", a.path("summary").asText() + " late");
        });
        AlertPlugin broken = new PluginSupport.BasicPlugin("broken", Registration.ALL, 50, a -> {
            ran.add("broken");
            a.put("summary", "half-changed");
            throw new IllegalStateException("boom");
        });
        AlertPlugin early = new PluginSupport.BasicPlugin("early", Registration.of("sourceipaddress"), 1, a -> {
            ran.add("early");
            return a.put("summary", a.path("summary").asText() + " early");
        });
        AlertPlugin unregistered = new PluginSupport.BasicPlugin("geo", Registration.of("geomodel"), 0, a -> {
            ran.add("geo");
            return a;
        });
        AlertPlugins chain = new AlertPlugins(List.of(late, broken, early, unregistered));

        ObjectNode out = chain.run(json("{\"summary\": \"s\", \"details\": {\"sourceipaddress\": \"1.2.3.4\"}}"));
        assertThat(ran).containsExactly("early", "broken", "late");
        assertThat(out.path("summary").asText()).isEqualTo("s early late");
    }

    @Test
    void aPluginReturningNullDropsTheAlert() throws Exception {
        AlertPlugins chain = new AlertPlugins(List.of(new PluginSupport.BasicPlugin("drop", Registration.ALL, 1, a -> null)));
        assertThat(chain.run(json("{\"summary\": \"s\"}"))).isNull();
    }

    @Test
    void loadCreatesEnabledPluginsWithBundledOrGivenConfig() throws Exception {
        List<List<String>> searched = new ArrayList<>();
        AlertPlugins chain = AlertPlugins.load(Extensions.bundled(), List.of("ip_source_enrichment", "ipaddr", "port_scan_enrichment"),
                name -> null, indices -> {
                    searched.add(indices);
                    return q -> new SimpleResults(List.of(), false);
                }, Clock.systemUTC());
        assertThat(chain.plugins()).extracting(AlertPlugin::name)
                .containsExactly("ipaddr", "ip_source_enrichment", "port_scan_enrichment");
        assertThat(searched).containsExactly(List.of("events-weekly"));

        ObjectNode out = chain.run(json("""
                {"summary": "scan from 8.32.1.1", "tags": ["portscan"],
                 "events": [{"documentsource": {"details": {"sourceipaddress": "8.32.1.1"}}}]}"""));
        assertThat(out.path("summary").asText()).isEqualTo("scan from 8.32.1.1; 8.32.1.1 is in OFFICE1.");
        assertThat(out.path("details").path("sourceipv4address").asText()).isEqualTo("8.32.1.1");
        assertThat(out.path("details").path("recentconnections").isArray()).isTrue();

        assertThatThrownBy(() -> AlertPlugins.load(Extensions.bundled(), List.of("nope"), n -> null, i -> q -> null, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        JsonNode badRange = Json.MAPPER.createObjectNode().set("known", Json.MAPPER.readTree("[{\"range\": \"not-a-range\"}]"));
        assertThatThrownBy(() -> AlertPlugins.load(Extensions.bundled(), List.of("ip_source_enrichment"), n -> badRange,
                i -> q -> null, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-a-range");
    }

    @Test
    void ipaddrCopiesTheFirstEventsAddressesLikeIpFixup() throws Exception {
        ObjectNode alert = json("""
                {"summary": "x", "events": [{"documentsource": {"details": {
                  "http_x_forwarded_for": "10.0.0.9, 10.0.0.1", "destinationipaddress": "2001:db8::1"}}}]}""");
        ObjectNode out = IpAddr.onMessage(alert);
        assertThat(out.path("details").path("sourceipaddress").asText()).isEqualTo("10.0.0.9");
        assertThat(out.path("details").path("sourceipv4address").asText()).isEqualTo("10.0.0.9");
        assertThat(out.path("details").path("destinationipv6address").asText()).isEqualTo("2001:db8::1");
        assertThat(out.path("details").path("destinationipaddress").asText()).isEqualTo("0.0.0.0");
        assertThat(out.path("errors")).hasSize(1);

        ObjectNode host = IpAddr.onMessage(json("""
                {"events": [{"documentsource": {"details": {"sourceipaddress": "host.example.org"}}}]}"""));
        assertThat(host.path("details").path("source").asText()).isEqualTo("host.example.org");
        assertThat(host.path("details").has("sourceipaddress")).isFalse();
    }

    @Test
    void vpnAssignmentOnlyLooksUpAddressesInTheVpnRanges() throws Exception {
        List<SearchQuery> queries = new ArrayList<>();
        SearchFunction search = q -> {
            queries.add(q);
            try {
                return hits("""
                        {"utctimestamp": "2026-11-23T09:00:00+00:00", "details": {"username": "old", "sourceipaddress": "1.1.1.1"}}""",
                        """
                        {"utctimestamp": "2026-11-23T09:30:00+00:00", "details": {"username": "alice", "sourceipaddress": "8.8.4.4"}}""");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        ObjectNode inside = VpnAssignment.enrich(json("{\"details\": {\"sourceipaddress\": \"10.48.0.7\"}}"), search, 6,
                List.of("10.48.0.0/16"));
        assertThat(inside.path("details").path("vpnassignment"))
                .isEqualTo(Json.MAPPER.readTree("{\"username\": \"alice\", \"originalip\": \"8.8.4.4\"}"));
        assertThat(queries).singleElement().satisfies(q -> assertThat(AlertPluginFixtures.dsl(q).toString())
                .contains("{\"match\":{\"details.vpnip\":\"10.48.0.7\"}}")
                .contains("{\"match_phrase\":{\"summary\":\"netfilter add upon connection\"}}"));

        ObjectNode outside = VpnAssignment.enrich(json("{\"details\": {\"sourceipaddress\": \"192.0.2.1\"}}"), search, 6,
                List.of("10.48.0.0/16"));
        assertThat(outside.path("details").has("vpnassignment")).isFalse();
        assertThat(queries).hasSize(1);
    }

    @Test
    void possibleUsernamesSearchesTheMostCommonHost() throws Exception {
        List<JsonNode> queries = new ArrayList<>();
        SearchFunction search = q -> {
            queries.add(AlertPluginFixtures.dsl(q));
            try {
                return hits("{\"details\": {\"username\": \"bob\"}}", "{\"details\": {\"username\": \"amy\"}}",
                        "{\"details\": {\"username\": \"bob\"}}");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        ObjectNode alert = json("""
                {"summary": "promisc", "events": [
                  {"documentsource": {"hostname": "a.example.org"}},
                  {"documentsource": {"hostname": "b.example.org"}},
                  {"documentsource": {"hostname": "b.example.org"}}]}""");
        ObjectNode out = PossibleUsernames.enrich(alert, search, 24);
        assertThat(queries.getFirst().toString()).contains("{\"match\":{\"hostname\":\"b.example.org\"}}");
        assertThat(out.path("details").path("possible_usernames")).extracting(JsonNode::asText).containsExactly("bob", "amy");
        assertThat(out.path("summary").asText()).isEqualTo("promisc; Possible users: bob, amy");

        ObjectNode none = PossibleUsernames.enrich(json("{\"summary\": \"p\", \"events\": [{\"documentsource\": {\"hostname\": \"h\"}}]}"),
                q -> new SimpleResults(List.of(), false), 24);
        assertThat(none.path("summary").asText()).isEqualTo("p");
        assertThat(Map.of("n", none.path("details").path("possible_usernames").size())).containsEntry("n", 0);
    }
}
