package org.rampart.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;

/**
 * MozDef's mq plugin contract: a plugin asks for events by registration terms and may change, replace
 * or drop them. Found in the {@link org.rampart.event.extension.Extensions} registry: bundled, or a drop-in jar.
 */
public interface EventPlugin extends Extension {
    /** The kind in the extension registry; drop-in jars go in {@code <extensions.dir>/event-plugins}. */
    ExtensionKind<EventPlugin> KIND = new ExtensionKind<>("event plugin", "event-plugins", EventPlugin.class);

    /** Terms matched exactly against the event's lowercased keys and string values at any depth; "*" matches all. */
    List<String> registration();

    /** Lower runs first; MozDef's default is 100. */
    default int priority() {
        return 100;
    }

    /** The plugin's name as configuration refers to it: MozDef's module name, e.g. "broFixup". */
    @Override
    default String name() {
        return getClass().getSimpleName();
    }

    /** Called once before the first event, with the host name and configuration paths. */
    default void configure(PluginContext context) {}

    /**
     * Returns the (possibly changed or replaced) event, or null to drop it; may change the metadata. "Now" is
     * {@code metadata.context().clock()}, the event's intake time.
     */
    ObjectNode onMessage(ObjectNode event, EventMetadata metadata);
}
