package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import org.rampart.event.PythonText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text as MozDef's Python code renders values into summaries ({@code str()} and {@code str.format}). */
final class PyText {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private PyText() {}

    /** Python's {@code str()} of a JSON value. */
    static String str(JsonNode value) {
        return PythonText.str(value);
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
