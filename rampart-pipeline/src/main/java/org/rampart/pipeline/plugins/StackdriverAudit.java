package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's stackdriver_audit: finishes Google Cloud audit-log events ({@code activity}, {@code data_access}): the
 * audit payload moves to {@code details.gaudit} and {@code stackdriver_audit.yml} picks user, action and resource.
 */
public final class StackdriverAudit extends StackdriverFinisher {
    static final String MAPPING = "stackdriver_audit.yml";

    private MappingTable mapping = MappingTable.load(null, MAPPING);

    @Override
    public int priority() {
        return 15;
    }

    @Override
    public String name() {
        return "stackdriver_audit";
    }

    @Override
    public void configure(PluginContext context) {
        mapping = MappingTable.load(context, MAPPING);
    }

    @Override
    boolean accepts(String category) {
        return category.equals("activity") || category.equals("data_access");
    }

    @Override
    void finish(ObjectNode out, ObjectNode details, String category) {
        JsonNode payload = details.remove("protoPayload");
        if (payload != null) {
            details.set("gaudit", payload);
        }
        summaryDefaults(details);
        mapping.apply(category, out, details);
        out.put("summary", executed(details));
    }
}
