package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text as MozDef's Python code renders values into summaries ({@code str()} and {@code str.format}). */
final class PyText {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private PyText() {}

    /** Python's {@code str()} of a JSON value: {@code True}, {@code None}, numbers and text as they are. */
    static String str(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        if (value.isFloatingPointNumber()) {
            return PythonJson.floatRepr(value.doubleValue());
        }
        return value.toString();
    }

    /**
     * Fills {@code {field}} placeholders with {@link #str} of the object's fields. A missing field reads
     * {@code unknown}: MozDef raises a KeyError there and loses the event, Rampart keeps it.
     */
    static String format(String template, JsonNode fields) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = fields.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "unknown" : str(v)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
