package org.rampart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;

class JsonComparisonTest {
    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void aFixtureIntegerNeedsAnIntegerButAFixtureFloatTakesEqualValues() throws Exception {
        assertThat(JsonComparison.FIXTURES.difference(json("{\"port\": 53}"), json("{\"port\": 53.0}")))
                .startsWith("port: expected integer 53 but was the float 53");
        assertThat(JsonComparison.FIXTURES.equal(json("{\"port\": 53.0}"), json("{\"port\": 53}"))).isTrue();
        assertThat(JsonComparison.FIXTURES.equal(json("[1.50]"), json("[1.5]"))).isTrue();
    }

    @Test
    void keyOrderIsIgnoredAndExtraOrMissingKeysAreNamed() throws Exception {
        assertThat(JsonComparison.FIXTURES.equal(json("{\"a\": 1, \"b\": [true]}"), json("{\"b\": [true], \"a\": 1}"))).isTrue();
        assertThat(JsonComparison.FIXTURES.difference(json("{\"a\": {\"b\": 1}}"), json("{\"a\": {}}")))
                .isEqualTo("a.b: missing, expected 1");
        assertThat(JsonComparison.FIXTURES.difference(json("{}"), json("{\"x\": \"y\"}"))).isEqualTo("x: unexpected, was \"y\"");
        assertThat(JsonComparison.FIXTURES.difference(json("{\"a\": null}"), json("{\"a\": \"\"}")))
                .isEqualTo("a: expected null but was \"\"");
    }

    @Test
    void arraysAreOrderedUnlessTheKeyHoldsASet() throws Exception {
        assertThat(JsonComparison.FIXTURES.equal(json("{\"s\": [1, 2]}"), json("{\"s\": [2, 1]}"))).isFalse();
        assertThat(JsonComparison.FIXTURES.withSetValuedKeys(Set.of("s")).equal(json("{\"s\": [1, 2]}"), json("{\"s\": [2, 1]}"))).isTrue();
    }

    @Test
    void theWildcardAndSummaryFragmentsAreOptIn() throws Exception {
        assertThat(JsonComparison.FIXTURES.equal(json("{\"m\": \"${V}\"}"), json("{\"m\": 3}"))).isFalse();
        assertThat(JsonComparison.FIXTURES.withWildcard("${V}").equal(json("{\"m\": \"${V}\"}"), json("{\"m\": 3}"))).isTrue();
        JsonNode expected = json("{\"summary\": \"x; b; a\"}");
        JsonNode actual = json("{\"summary\": \"x; a; b\"}");
        assertThat(JsonComparison.FIXTURES.equal(expected, actual)).isFalse();
        assertThat(JsonComparison.FIXTURES.withUnorderedSummaryFragments().equal(expected, actual)).isTrue();
    }
}
