package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.rampart.event.extension.Extensions;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.EventContext;
import org.rampart.pipeline.PluginContext;

/** The "onMessage" entry: a plugin found by its MozDef name, called directly as MozDef's plugin tests do. */
public final class PluginMessageEntry implements MqEntryPoint {

    @Override
    public String entry() {
        return "onMessage";
    }

    @Override
    public boolean supports(String subject) {
        return find(subject).isPresent();
    }

    @Override
    public Outcome invoke(String subject, ObjectNode input, ObjectNode metadata, PluginContext context,
                          EventContext event, JsonNode environment) {
        EventPlugin plugin = find(subject).orElseThrow(
                () -> new IllegalArgumentException("no plugin named " + subject + " on the class path"));
        plugin.configure(context);
        EventMetadata md = new EventMetadata(
                metadata.path("index").asText("events"), metadata.path("id").textValue(), event);
        if (metadata.hasNonNull("doc_type")) {
            md.docType(metadata.get("doc_type").asText());
        }
        EventMetadata before = new EventMetadata(md.index(), md.id(), event);
        before.docType(md.docType());
        ObjectNode message = plugin.onMessage(input, md);
        return new Outcome(message, toJson(metadata, before, md));
    }

    /** MozDef's metadata dict after the call: what came in, plus what the plugin changed. */
    private static ObjectNode toJson(ObjectNode in, EventMetadata before, EventMetadata after) {
        ObjectNode out = in.deepCopy();
        if (!Objects.equals(before.index(), after.index())) {
            out.put("index", after.index());
        }
        if (!Objects.equals(before.id(), after.id())) {
            out.put("id", after.id());
        }
        if (!Objects.equals(before.docType(), after.docType())) {
            out.put("doc_type", after.docType());
        }
        return out;
    }

    /** A fresh, unconfigured instance of the named plugin: every case starts from a plugin nobody has used. */
    private static Optional<EventPlugin> find(String name) {
        return Extensions.bundled().find(EventPlugin.KIND, name);
    }
}
