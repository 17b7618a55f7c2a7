package org.rampart.alerts.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.extension.Registration;

/**
 * MozDef's alert plugin: changes an alert before it is saved. Runs blocking, in priority order, for
 * every alert whose keys or values meet its {@link #registration()}.
 */
public interface AlertPlugin {

    /** The plugin's name (MozDef's module name, e.g. {@code ip_source_enrichment}). */
    String name();

    /** Which alerts the plugin sees. */
    Registration registration();

    /** Lower runs first; MozDef's default is 100. */
    default int priority() {
        return 100;
    }

    /** Returns the alert, changed or not, or null to drop it. */
    ObjectNode onMessage(ObjectNode alert);
}
