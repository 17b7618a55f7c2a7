package org.rampart.pipeline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rampart.event.extension.Extensions;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginChain;
import org.rampart.pipeline.PluginContext;
import org.rampart.query.IndexRequest;

class EventProcessorTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-23T08:30:00Z");

    /** Routes events with summary "vuln" to their own index and id, drops "noise". */
    private static final EventPlugin ROUTER = new EventPlugin() {
        @Override
        public List<String> registration() {
            return List.of("*");
        }

        @Override
        public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
            String summary = event.path("summary").asText();
            if (summary.equals("noise")) {
                return null;
            }
            if (summary.equals("vuln")) {
                metadata.index("vulnerabilities");
                metadata.id("asset-1");
            }
            return event;
        }
    };

    private final EventProcessor processor = new EventProcessor(PluginChain.of(List.of(ROUTER)), ZoneOffset.UTC, "host");

    private static SourceEvent event(String json, boolean replayed) {
        return new SourceEvent("01JD0000000000000000000000", RECEIVED, json.getBytes(StandardCharsets.UTF_8), replayed);
    }

    @Test
    void aNewEventIsAppendedUnderItsIntakeIdWithTheIntakeTimeAsNow() {
        IndexRequest request = processor.process(event("{\"summary\": \"hello\", \"endpoint\": \"events\"}", false));

        assertThat(request.index()).isEqualTo("events");
        assertThat(request.id()).isEqualTo("01JD0000000000000000000000");
        assertThat(request.upsert()).isFalse();
        assertThat(request.source().get("summary").asText()).isEqualTo("hello");
        assertThat(request.source().get("utctimestamp").asText()).startsWith("2026-11-23T08:30:00");
        assertThat(request.source().get("receivedtimestamp").asText()).startsWith("2026-11-23T08:30:00");
        assertThat(request.source().get("mozdefhostname").asText()).isEqualTo("host");
    }

    @Test
    void aPluginThatRewritesTheEventTakesNowFromTheIntakeTimeSoAReplayAfterMidnightLandsOnTheSameDay() {
        // broFixup builds a new event with its own receivedtimestamp, which picks the daily partition.
        EventProcessor bro = new EventProcessor(PluginChain.load(Extensions.bundled(),
                new PluginContext(() -> "host", null, null), Set.of()), ZoneOffset.UTC, "host");
        Instant beforeMidnight = Instant.parse("2026-11-23T23:59:59.900Z");
        byte[] json = """
                {"customendpoint": "bro", "category": "bro", "SOURCE": "bro_conn", "MESSAGE": "{\\"uid\\": \\"C1\\"}"}"""
                .getBytes(StandardCharsets.UTF_8);

        IndexRequest first = bro.process(new SourceEvent("01JD0000000000000000000001", beforeMidnight, json, false));
        IndexRequest replayed = bro.process(new SourceEvent("01JD0000000000000000000001", beforeMidnight, json, true));

        assertThat(first.source().path("type").asText()).as("broFixup ran").isEqualTo("nsm");
        assertThat(first.source().path("receivedtimestamp").asText()).isEqualTo("2026-11-23T23:59:59.900000+00:00");
        assertThat(replayed.source().path("receivedtimestamp").asText()).isEqualTo("2026-11-23T23:59:59.900000+00:00");
        assertThat(replayed.source().path("utctimestamp")).isEqualTo(first.source().path("utctimestamp"));
    }

    /** A plugin of its own priority and name running {@code change} on every event. */
    private static EventPlugin plugin(String name, int priority, java.util.function.Consumer<ObjectNode> change) {
        return new EventPlugin() {
            @Override
            public List<String> registration() {
                return List.of("*");
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
                change.accept(event);
                return event;
            }
        };
    }

    @Test
    void aFailingPluginRestartsTheChainFromTheJournaledEventNormalizedAgainWithoutIt() {
        PluginChain chain = PluginChain.of(List.of(
                plugin("tagger", 1, e -> e.put("stage", "tagged")),
                plugin("breaks", 2, e -> {
                    e.put("stage", "broken");
                    e.remove("summary");
                    e.withObject("details").put("half", "done");
                    throw new IllegalStateException("boom");
                }),
                plugin("after", 3, e -> e.put("after", "ran"))));
        EventProcessor withFailure = new EventProcessor(chain, ZoneOffset.UTC, "host");

        IndexRequest request = withFailure.process(event("{\"message\": \"hello\", \"details\": {\"a\": 1}}", false));

        ObjectNode stored = request.source();
        assertThat(stored.get("summary").asText()).isEqualTo("hello");
        assertThat(stored.has("message")).isFalse();
        assertThat(stored.get("stage").asText()).isEqualTo("tagged");
        assertThat(stored.get("after").asText()).isEqualTo("ran");
        assertThat(stored.get("details")).hasToString("{\"a\":1}");
        assertThat(stored.at("/mozdef/plugins")).hasToString("[\"tagger\",\"after\"]");
        assertThat(stored.has("tags") && stored.get("tags").toString().contains(EventProcessor.ERROR_TAG)).isFalse();
        assertThat(chain.failures()).isEqualTo(1);
    }

    @Test
    void aReplayedEventIsUpsertedAndSoIsOneWhoseIdAPluginChose() {
        assertThat(processor.process(event("{\"summary\": \"hello\"}", true)).upsert()).isTrue();

        IndexRequest routed = processor.process(event("{\"summary\": \"vuln\"}", false));
        assertThat(routed.index()).isEqualTo("vulnerabilities");
        assertThat(routed.id()).isEqualTo("asset-1");
        assertThat(routed.upsert()).isTrue();
    }

    @Test
    void aDroppedEventGivesNoRequest() {
        assertThat(processor.process(event("{\"summary\": \"noise\"}", false))).isNull();
    }

    @Test
    void customEndpointEventsSkipKeyMappingByPythonTruthiness() {
        IndexRequest raw = processor.process(event("{\"summary\": \"x\", \"odd\": 1, \"customendpoint\": \"yes\"}", false));
        IndexRequest mapped = processor.process(event("{\"summary\": \"x\", \"odd\": 1, \"customendpoint\": 0}", false));

        assertThat(raw.source().has("odd")).isTrue();
        assertThat(mapped.source().has("odd")).isFalse();
    }

    @Test
    void unparseableOrNonObjectEventsAreKeptRawWithAnErrorTag() {
        for (String json : List.of("{broken", "[1, 2]")) {
            IndexRequest request = processor.process(event(json, false));

            assertThat(request.id()).isEqualTo("01JD0000000000000000000000");
            assertThat(request.source().get("tags").toString()).contains(EventProcessor.ERROR_TAG);
            assertThat(request.source().at("/details/raw").asText()).isEqualTo(json);
            assertThat(request.source().get("utctimestamp").asText()).startsWith("2026-11-23T08:30:00");
        }
    }
}
