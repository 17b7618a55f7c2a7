package org.rampart.pipeline;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;

class PluginChainTest {

    /** A plugin that records its name in the event's "trail" and then applies an action. */
    private record Probe(String name, int priority, List<String> registration, UnaryOperator<ObjectNode> action)
            implements EventPlugin {
        Probe(String name, int priority, String... registration) {
            this(name, priority, List.of(registration), e -> e);
        }

        @Override
        public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
            event.withArray("trail").add(name);
            return action.apply(event);
        }
    }

    private static ObjectNode event(String json) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private static List<String> trail(JsonNode event) {
        return Json.MAPPER.convertValue(event.path("trail"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    }

    @Test
    void runsMatchingPluginsByPriorityThenName() throws IOException {
        PluginChain chain = PluginChain.of(List.of(
                new Probe("late", 20, "*"), new Probe("zeta", 5, "*"), new Probe("alpha", 5, "*"),
                new Probe("first", 0, "*")));
        ObjectNode out = chain.process(event("{}"), new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(trail(out)).containsExactly("first", "alpha", "zeta", "late");
        assertThat(out.at("/mozdef/plugins")).hasToString("[\"first\",\"alpha\",\"zeta\",\"late\"]");
    }

    @Test
    void matchesKeysAndStringValuesAtAnyDepthIgnoringCase() throws IOException {
        PluginChain chain = PluginChain.of(List.of(
                new Probe("byKey", 1, "SourceIPAddress"), new Probe("byListValue", 2, "sshd"),
                new Probe("byNumber", 3, "53"), new Probe("bySubstring", 4, "ssh"), new Probe("byTrue", 5, "true")));
        ObjectNode out = chain.process(event("""
                {"details": {"SOURCEIPADDRESS": "10.0.0.1", "port": 53, "flag": true,
                             "procs": [["x", "SSHD"]]}}"""), new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(trail(out)).containsExactly("byKey", "byListValue");
    }

    @Test
    void anEarlierPluginsChangeAffectsLaterMatches() throws IOException {
        PluginChain chain = PluginChain.of(List.of(
                new Probe("tagger", 1, List.of("start"), e -> e.put("stage", "Tagged")),
                new Probe("second", 2, "tagged"),
                new Probe("remover", 3, List.of("tagged"), e -> { e.remove("stage"); return e; }),
                new Probe("third", 4, "tagged")));
        ObjectNode out = chain.process(event("{\"go\": \"start\"}"), new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(trail(out)).containsExactly("tagger", "second", "remover");
    }

    @Test
    void aNullResultDropsTheEventAndStopsTheChain() throws IOException {
        Probe after = new Probe("after", 9, "*");
        PluginChain chain = PluginChain.of(List.of(new Probe("dropper", 1, List.of("*"), e -> null), after));
        assertThat(chain.process(event("{}"), new EventMetadata(EventContext.at(Clock.systemUTC())))).isNull();
    }

    @Test
    void mozdefPluginsIsAddedOnlyWhenTheEventHasNoMozdefKey() throws IOException {
        PluginChain chain = PluginChain.of(List.of(new Probe("p", 1, "x")));
        assertThat(chain.process(event("{\"a\": \"y\"}"), new EventMetadata(EventContext.at(Clock.systemUTC()))).at("/mozdef/plugins"))
                .hasToString("[]");
        ObjectNode kept = chain.process(event("{\"a\": \"x\", \"mozdef\": {\"other\": 1}}"), new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(kept.get("mozdef")).hasToString("{\"other\":1}");
    }

    @Test
    void aThrowingPluginIsCountedAndTheEventGoesOnAsItWas() throws IOException {
        PluginChain chain = PluginChain.of(List.of(
                new Probe("breaks", 1, List.of("*"), e -> {
                    e.put("half", "done");
                    throw new IllegalStateException("boom");
                }),
                new Probe("next", 2, "*")));
        EventMetadata md = new EventMetadata(EventContext.at(Clock.systemUTC()));
        ObjectNode out = chain.process(event("{\"keep\": \"me\"}"), md);
        assertThat(out.get("keep").asText()).isEqualTo("me");
        assertThat(out.has("half")).isFalse();
        assertThat(trail(out)).containsExactly("next");
        assertThat(out.at("/mozdef/plugins")).hasToString("[\"next\"]");
        assertThat(chain.failures()).isEqualTo(1);
    }

    @Test
    void afterAFailureTheEarlierPluginsChangesAreKeptOnceAndLaterPluginsStillRun() throws IOException {
        AtomicInteger breaks = new AtomicInteger();
        PluginChain chain = PluginChain.of(List.of(
                new Probe("tagger", 1, List.of("start"), e -> e.put("stage", "tagged")),
                new Probe("breaks", 2, List.of("tagged"), e -> {
                    breaks.incrementAndGet();
                    e.put("stage", "broken");
                    e.remove("go");
                    throw new IllegalArgumentException("bad input");
                }),
                new Probe("after", 3, "tagged")));
        EventMetadata md = new EventMetadata(EventContext.at(Clock.systemUTC()));
        ObjectNode out = chain.process(event("{\"go\": \"start\"}"), md);
        assertThat(out.get("go").asText()).isEqualTo("start");
        assertThat(out.get("stage").asText()).isEqualTo("tagged");
        assertThat(trail(out)).containsExactly("tagger", "after");
        assertThat(out.at("/mozdef/plugins")).hasToString("[\"tagger\",\"after\"]");
        assertThat(breaks).hasValue(1);
        assertThat(chain.failures()).isEqualTo(1);
    }

    @Test
    void aFailingPluginsMetadataChangesAreUndone() throws IOException {
        EventMetadata md = new EventMetadata("events", null, EventContext.at(Clock.systemUTC()));
        PluginChain withMetadata = PluginChain.of(List.of(new Probe("movesIndex", 1, List.of("*"), e -> {
            md.index("elsewhere");
            throw new IllegalStateException("boom");
        })));
        assertThat(withMetadata.process(event("{}"), md)).isNotNull();
        assertThat(md.index()).isEqualTo("events");
    }

    @Test
    void loadFindsBundledPluginsAndLeavesOutDisabledOnes() {
        PluginContext ctx = new PluginContext(() -> "host", null, null);
        assertThat(PluginChain.load(Extensions.bundled(), ctx, Set.of()).plugins()).extracting(EventPlugin::name)
                .contains("lower_keys");
        assertThat(PluginChain.load(Extensions.bundled(), ctx, Set.of("lower_keys")).plugins()).extracting(EventPlugin::name)
                .doesNotContain("lower_keys");
    }

    @Test
    void nonAsciiTokensAreLowercasedAsUnicode() throws IOException {
        PluginChain chain = PluginChain.of(List.of(new Probe("kelvin", 1, "key"), new Probe("strasse", 2, "STRASSE"),
                new Probe("umlaut", 3, "Grüße")));
        // U+212A KELVIN SIGN lowercases to an ASCII k, as Python's str.lower() does.
        ObjectNode out = chain.process(event("{\"a\": \"\u212aEY\", \"b\": \"GRÜSSE\", \"c\": \"grüSSe\"}"),
                new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(trail(out)).containsExactly("kelvin");
        ObjectNode umlaut = chain.process(event("{\"c\": \"GRÜßE\"}"), new EventMetadata(EventContext.at(Clock.systemUTC())));
        assertThat(trail(umlaut)).containsExactly("umlaut");
    }
}
