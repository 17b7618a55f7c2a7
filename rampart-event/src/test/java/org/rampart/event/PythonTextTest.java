package org.rampart.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.event.Json;

class PythonTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"text\"                     | text",
            "123                          | 123",
            "123456789012345678901234567890 | 123456789012345678901234567890",
            "1.5                          | 1.5",
            "5.0                          | 5.0",
            "1e16                         | 1e+16",
            "1.5e-5                       | 1.5e-05",
            "0.0001                       | 0.0001",
            "123456789012345.0            | 123456789012345.0",
            "-2.5e100                     | -2.5e+100",
            "true                         | True",
            "null                         | None",
            "[1, \"a\", null, false]      | [1, 'a', None, False]",
            "{\"k\": \"v\", \"n\": {}}    | {'k': 'v', 'n': {}}",
            "[\"it's\", \"say \\\"hi\\\"\", \"both ' \\\"\"] | [\"it's\", 'say \"hi\"', 'both \\' \"']",
            "[\"a\\\\b\\n\"]              | ['a\\\\b\\n']",
    })
    void strLikePython(String json, String expected) throws Exception {
        assertThat(PythonText.str(Json.MAPPER.readTree(json))).isEqualTo(expected);
    }
}
