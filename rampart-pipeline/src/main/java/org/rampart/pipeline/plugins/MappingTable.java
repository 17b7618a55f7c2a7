package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rampart.pipeline.PluginContext;

/**
 * One of MozDef's plugin mapping tables: for each section (an event type), field names and the JMESPath expressions
 * that find their values in the incoming event.
 */
final class MappingTable {
    private static final JmesPath<JsonNode> JMESPATH = new JacksonRuntime();
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Map<String, Map<String, Expression<JsonNode>>> sections = new LinkedHashMap<>();

    private MappingTable(JsonNode table, String name) {
        table.properties().forEach(section -> {
            Map<String, Expression<JsonNode>> fields = new LinkedHashMap<>();
            section.getValue().properties().forEach(field -> {
                try {
                    fields.put(field.getKey(), JMESPATH.compile(field.getValue().asText()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("mapping " + name + ", " + section.getKey() + "."
                            + field.getKey() + ": not a JMESPath expression: " + field.getValue().asText(), e);
                }
            });
            sections.put(section.getKey(), fields);
        });
    }

    /** Loads the table from the plugin folder, else from the bundled copy; the context may be null. */
    static MappingTable load(PluginContext context, String name) {
        try {
            return new MappingTable(YAML.readTree(PluginConfig.text(context, name)), name);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("mapping " + name + " is not YAML: " + e.getOriginalMessage(), e);
        }
    }

    boolean has(String section) {
        return section != null && sections.containsKey(section);
    }

    /**
     * Puts into {@code target}, in table order, a copy of every value the section's expressions find in
     * {@code root}; like MozDef, fields whose expression finds nothing (null) are left out.
     */
    void apply(String section, JsonNode root, ObjectNode target) {
        sections.getOrDefault(section, Map.of()).forEach((field, expression) -> {
            JsonNode value = expression.search(root);
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                target.set(field, value.deepCopy());
            }
        });
    }
}
