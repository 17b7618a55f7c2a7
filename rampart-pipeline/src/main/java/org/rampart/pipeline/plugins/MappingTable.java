package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of MozDef's plugin mapping tables: for each section (an event type), field names and the JMESPath expressions
 * that find their values in the incoming event.
 */
final class MappingTable {
    private static final JmesPath<JsonNode> JMESPATH = new JacksonRuntime();

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

    /** Loads the table from the plugin folder, else from the bundled copy. */
    static MappingTable load(Path configDir, String name) {
        return new MappingTable(PluginFiles.yaml(configDir, name), name);
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
