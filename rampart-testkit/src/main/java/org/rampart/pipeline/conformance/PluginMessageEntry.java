package org.rampart.pipeline.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/** The "onMessage" entry: a plugin found by its MozDef name, called directly as MozDef's plugin tests do. */
public final class PluginMessageEntry implements MqEntryPoint {
    private Map<String, ServiceLoader.Provider<EventPlugin>> providers;

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
                          JsonNode environment) {
        EventPlugin plugin = find(subject).orElseThrow(
                () -> new IllegalArgumentException("no plugin named " + subject + " on the class path"));
        plugin.configure(context);
        EventMetadata md = new EventMetadata(
                metadata.path("index").asText("events"), metadata.path("id").textValue());
        if (metadata.hasNonNull("doc_type")) {
            md.docType(metadata.get("doc_type").asText());
        }
        EventMetadata before = new EventMetadata(md.index(), md.id());
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
    private Optional<EventPlugin> find(String name) {
        ServiceLoader.Provider<EventPlugin> provider = providers().get(name);
        return provider == null ? Optional.empty() : Optional.of(provider.get());
    }

    private synchronized Map<String, ServiceLoader.Provider<EventPlugin>> providers() {
        if (providers == null) {
            providers = new HashMap<>();
            ServiceLoader.load(EventPlugin.class, PluginMessageEntry.class.getClassLoader()).stream()
                    .forEach(p -> providers.putIfAbsent(p.get().name(), p));
        }
        return providers;
    }
}
