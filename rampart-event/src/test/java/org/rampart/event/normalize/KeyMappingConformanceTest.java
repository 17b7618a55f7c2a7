package org.rampart.event.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rampart.event.normalize.MqFixtures.CLOCK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** MozDef's keyMapping fixtures, conformance/mq/esworker_eventtask.json. */
class KeyMappingConformanceTest {
    /** The mozdefhostname the fixtures were recorded with ({@code options.mozdefhostname = 'sample'}). */
    private static final String MOZDEF_HOSTNAME = "sample";
    private static final ObjectNode FIXTURE = MqFixtures.load("esworker_eventtask.json");

    /**
     * Derived cases that record a MozDef behaviour Rampart deliberately fixes (conformance/README.md); what Rampart
     * does instead is asserted in {@link NormalizerTest}.
     */
    static final Set<String> DELIBERATE_DIFFERENCES = Set.of(
            "uppercase_summary_and_payload", // summary presence is tested on normalized key names
            "payload_then_uppercase_summary", // same: payload kept in details.payload
            "substring_key_a", // exact key matching
            "substring_key_s", // exact key matching
            "tags_int", // kept, number appended as a tag
            "epoch_micros_string", // epoch digit strings of any length
            "unparseable_timestamp", // kept, receive time, tagged
            "dotted_bad_int", // kept, value left out, tagged
            "nxlog_windows"); // every key copied into details, not only the last

    private final Normalizer normalizer = new Normalizer(CLOCK, MOZDEF_HOSTNAME);

    private static Stream<JsonNode> cases(String group) {
        return StreamSupport.stream(FIXTURE.get(group).spliterator(), false);
    }

    private static ObjectNode input(JsonNode c) {
        return (ObjectNode) c.get("input").deepCopy();
    }

    @TestFactory
    Stream<DynamicTest> mozdefTestedCasesPassTheirAssertions() {
        return cases("cases").map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
            ObjectNode result = normalizer.keyMapping(input(c));
            assertThat(c.get("expect")).isNotEmpty();
            for (JsonNode expect : c.get("expect")) {
                MqFixtures.check(expect, result, CLOCK, MOZDEF_HOSTNAME);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> mozdefTestedCasesMatchStrictly() {
        return cases("cases").map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
            ObjectNode result = normalizer.keyMapping(input(c));
            JsonNode expected = MqFixtures.substitute(c.get("expected"), CLOCK, MOZDEF_HOSTNAME);
            assertThat(MqFixtures.sameJson(expected, result)).as("expected %s%nbut was  %s", expected, result).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> derivedCasesMatchStrictlyExceptTheDeliberateDifferences() {
        return cases("derived_cases")
                .filter(c -> !DELIBERATE_DIFFERENCES.contains(c.get("id").asText()))
                .map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> {
                    ObjectNode result = normalizer.keyMapping(input(c));
                    JsonNode expected = MqFixtures.substitute(c.get("expected"), CLOCK, MOZDEF_HOSTNAME);
                    assertThat(MqFixtures.sameJson(expected, result))
                            .as("%s: expected %s%nbut was  %s", c.get("note").asText(), expected, result).isTrue();
                }));
    }

    @Test
    void exactlyTheDeliberateDifferencesDifferFromMozDef() {
        Set<String> mismatches = new TreeSet<>();
        List<String> ids = new ArrayList<>();
        cases("derived_cases").forEach(c -> {
            ids.add(c.get("id").asText());
            JsonNode expected = MqFixtures.substitute(c.get("expected"), CLOCK, MOZDEF_HOSTNAME);
            if (!MqFixtures.sameJson(expected, normalizer.keyMapping(input(c)))) {
                mismatches.add(c.get("id").asText());
            }
        });
        System.out.printf("keyMapping derived cases: %d of %d match MozDef strictly; differing: %s%n",
                ids.size() - mismatches.size(), ids.size(), mismatches);
        assertThat(ids).hasSize(45).containsAll(DELIBERATE_DIFFERENCES);
        assertThat(mismatches).containsExactlyInAnyOrderElementsOf(DELIBERATE_DIFFERENCES);
    }
}
