package org.rampart.pipeline.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.event.Json;

/** Summaries render values as Python's str() does. */
class PyTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true|True", "false|False", "null|None", "\"text\"|text", "53|53", "43200.0|43200.0", "0.047874|0.047874",
        "1e-05|1e-05"})
    void strIsPythons(String json, String expected) throws IOException {
        JsonNode value = Json.MAPPER.readTree(json);
        assertThat(PyText.str(value)).isEqualTo(expected);
    }

    @Test
    void aMissingFieldReadsUnknown() {
        assertThat(PyText.format("{a} -> {b}:{c}", Json.object().put("a", "x").put("c", 1))).isEqualTo("x -> unknown:1");
    }
}
