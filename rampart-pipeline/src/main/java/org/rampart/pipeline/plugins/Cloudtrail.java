package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's cloudtrail: CloudTrail fields whose JSON type changes from one API call to another would break the
 * store's field mapping, so their value is replaced by {@code {"raw_value": <its JSON text>}}; the SES
 * {@code htmlpart} is cut to 4095 characters.
 */
public final class Cloudtrail implements EventPlugin {
    private static final int HTMLPART_MAX = 4095;
    /** Dotted paths under the event whose types vary between calls (MozDef's list). */
    private static final List<String[]> POLYMORPHIC = List.of(
            "details.additionaleventdata",
            "details.apiversion",
            "details.serviceeventdetails",
            "details.requestparameters.attribute",
            "details.requestparameters.bucketpolicy.statement.principal.service",
            "details.requestparameters.bucketpolicy.statement.principal.aws",
            "details.requestparameters.callerreference",
            "details.requestparameters.description",
            "details.requestparameters.describeflowlogsrequest.filter.value",
            "details.requestparameters.disableapitermination",
            "details.requestparameters.domainname",
            "details.requestparameters.domainnames",
            "details.requestparameters.ebsoptimized",
            "details.requestparameters.filter",
            "details.requestparameters.iaminstanceprofile",
            "details.requestparameters.imageid",
            "details.requestparameters.instancetype",
            "details.requestparameters.logstreamname",
            "details.requestparameters.policy",
            "details.requestparameters.rule",
            "details.requestparameters.source",
            "details.responseelements.distribution.distributionconfig.callerreference",
            "details.responseelements.endpoint",
            "details.responseelements.findings.service.additionalinfo.unusual",
            "details.responseelements.lastmodified",
            "details.responseelements.policy",
            "details.responseelements.role",
            "details.responseelements.securitygroups",
            "details.responseelements.subnets",
            "details.responseelements.volumeid").stream().map(p -> p.split("\\.")).toList();

    @Override
    public List<String> registration() {
        return List.of("cloudtrail");
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String name() {
        return "cloudtrail";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        if (!"cloudtrail".equals(Events.text(event, "source"))) {
            return event;
        }
        for (String[] path : POLYMORPHIC) {
            ObjectNode parent = parent(event, path);
            String leaf = path[path.length - 1];
            if (parent != null && parent.has(leaf)) {
                parent.set(leaf, Json.object().put("raw_value", PythonJson.dumps(parent.get(leaf))));
            }
        }
        ObjectNode params = parent(event, new String[] {"details", "requestparameters", "htmlpart"});
        String html = Events.text(params, "htmlpart");
        if (html != null) {
            params.put("htmlpart", Events.truncate(html, HTMLPART_MAX));
        }
        return event;
    }

    /** The object holding the path's last key, or null when a step on the way is absent or not an object. */
    private static ObjectNode parent(ObjectNode root, String[] path) {
        JsonNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            node = node.get(path[i]);
            if (!(node instanceof ObjectNode)) {
                return null;
            }
        }
        return (ObjectNode) node;
    }
}
