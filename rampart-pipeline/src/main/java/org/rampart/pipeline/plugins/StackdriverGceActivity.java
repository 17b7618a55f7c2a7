package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's stackdriver_gceactivity: finishes Compute Engine activity-log events: the payload moves to
 * {@code details.gceactivity} and {@code stackdriver_gceactivity.yml} picks user, action and resource.
 */
public final class StackdriverGceActivity extends StackdriverFinisher {
    static final String MAPPING = "stackdriver_gceactivity.yml";

    private MappingTable mapping = MappingTable.load(null, MAPPING);

    @Override
    public int priority() {
        return 16;
    }

    @Override
    public String name() {
        return "stackdriver_gceactivity";
    }

    @Override
    public void configure(PluginContext context) {
        mapping = MappingTable.load(context, MAPPING);
    }

    @Override
    boolean accepts(String category) {
        return category.equals("gceactivity");
    }

    @Override
    void finish(ObjectNode out, ObjectNode details, String category) {
        JsonNode payload = details.remove("jsonPayload");
        if (payload != null) {
            details.set("gceactivity", payload);
        }
        details.put("service", "compute.googleapis.com");
        summaryDefaults(details);
        mapping.apply(category, out, details);
        out.put("summary", executed(details));
    }
}
