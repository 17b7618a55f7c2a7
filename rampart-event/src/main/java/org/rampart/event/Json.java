package org.rampart.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.math.BigDecimal;

/** The one JSON mapper of Rampart: every module reads and writes JSON through it. */
public final class Json {
    /** Decimal exponents beyond this (either sign) are read as doubles; see {@link BoundedNodeFactory}. */
    static final int MAX_DECIMAL_SCALE = 1000;
    private static final int RECYCLED_BUFFER_SETS = 64;

    /** Events are attacker-controlled: bound nesting and string sizes before they reach a plugin. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(1 << 20)
                            .build())
                    // Jackson's default pool keeps one set of buffers per thread, but intake and REST requests each
                    // run on a new virtual thread: each request allocated ~17 KB of fresh parse and write buffers. A
                    // shared pool reuses them. Bounded (above the carrier threads that can parse at once) so that after
                    // a burst of requests only that many sets, which grow to the largest string read, stay held.
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(RECYCLED_BUFFER_SETS))
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 1.0 stays 1.0 and 100.0 stays 100.0 (as Python writes them), not 1 and 1E+2: a float field must not turn
            // into an integer in the store's dynamic mapping, and a document reads back as it was written
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(new BoundedNodeFactory())
            .addModule(new SimpleModule("rampart-json").addDeserializer(JsonNode.class, new MalformedNumberRefusingDeserializer()))
            .build();

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Reads a float with an extreme exponent ({@code 1e-999999999}, {@code 1e999999999}) as the double Python's
     * {@code json} would give (0.0 or infinity, written back as the string {@code "Infinity"}). As a BigDecimal, such
     * a 15-byte number makes innocent calls ({@code toBigInteger()}, {@code setScale()}, {@code toPlainString()})
     * compute a billion-digit number.
     */
    private static final class BoundedNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value != null && Math.abs(value.scale()) > MAX_DECIMAL_SCALE) {
                return DoubleNode.valueOf(value.doubleValue());
            }
            return super.numberNode(value);
        }
    }

    /**
     * A float whose exponent does not fit an int ({@code 1e1111111111111}) is no BigDecimal: Jackson throws a bare
     * NumberFormatException for it, which callers that expect bad JSON as an IOException would let through as a 500.
     * Refused here as malformed JSON, like any other unreadable number (Python would read it as infinity).
     */
    private static final class MalformedNumberRefusingDeserializer extends JsonNodeDeserializer {
        private static final long serialVersionUID = 1L;

        MalformedNumberRefusingDeserializer() {}

        private MalformedNumberRefusingDeserializer(MalformedNumberRefusingDeserializer base, boolean mergeArrays,
                boolean mergeObjects) {
            super(base, mergeArrays, mergeObjects);
        }

        @Override
        protected JsonDeserializer<?> _createWithMerge(boolean mergeArrays, boolean mergeObjects) {
            return new MalformedNumberRefusingDeserializer(this, mergeArrays, mergeObjects);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return super.deserialize(p, ctxt);
            } catch (NumberFormatException e) {
                throw new JsonParseException(p, "a number that cannot be read: " + e.getMessage(), e);
            }
        }
    }
}
