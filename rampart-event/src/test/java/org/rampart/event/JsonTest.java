package org.rampart.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JsonTest {
    @Test
    void floatsAreExactDecimals() throws Exception {
        JsonNode node = Json.MAPPER.readTree("{\"ts\": 1505701210.163043, \"n\": 5}");
        assertThat(node.get("ts").decimalValue()).isEqualByComparingTo(new BigDecimal("1505701210.163043"));
        assertThat(node.get("n").isInt()).isTrue();
    }

    @Test
    @Timeout(30) // a hang means a billion-digit BigDecimal is being expanded
    void extremeExponentsBecomeDoublesAsInPython() throws Exception {
        JsonNode node = Json.MAPPER.readTree("[1e-999999999, 1e999999999, -2E+999999999, 1.5e1000, 1.5e-999]");
        assertThat(node.get(0).isDouble()).isTrue();
        assertThat(node.get(0).doubleValue()).isZero();
        assertThat(node.get(1).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(node.get(2).doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(node.get(3).isBigDecimal()).isTrue();
        assertThat(node.get(4).isBigDecimal()).isTrue();
        assertThat(node.get(0).decimalValue().toBigInteger().signum()).isZero();
        assertThat(Json.MAPPER.writeValueAsString(node.get(1))).isEqualTo("\"Infinity\"");
    }

    @Test
    void anExponentBeyondAnIntIsMalformedJsonNotARuntimeException() {
        // found by NormalizerFuzzTest: Jackson threw a bare NumberFormatException, a 500 at intake
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"a\": [1.5e1111111111111]}"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("a number that cannot be read");
    }

    @Test
    void floatsAreWrittenBackAsTheyWereSent() throws Exception {
        // found by NormalizerFuzzTest: 1.0 was read as 1 and 100.0 as 1E+2 (trailing zeros stripped), so a float
        // field read back as an integer
        String floats = "[1.0,100.0,1.50,0.0,1505701210.163000]";
        assertThat(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(floats))).isEqualTo(floats);
    }
}
