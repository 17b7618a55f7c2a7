package org.rampart.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * MozDef's alert plugin chain, run on an alert before it is saved (not for deadman alerts, as MozDef).
 * The alert plugins of {@code org.rampart.alerts.plugins} are combined into one of these.
 */
@FunctionalInterface
public interface AlertPreprocessor {

    /** Keeps all alerts unchanged: MozDef's empty {@code ALERT_PLUGINS}. */
    AlertPreprocessor NONE = alert -> alert;

    /** Returns the (possibly changed) alert, or null to drop it. */
    ObjectNode process(ObjectNode alert);
}
