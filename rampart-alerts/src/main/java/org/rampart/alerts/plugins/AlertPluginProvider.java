package org.rampart.alerts.plugins;

/** Makes one kind of alert plugin; found by {@link java.util.ServiceLoader}, named as MozDef's module. */
public interface AlertPluginProvider {

    /** MozDef's module name, e.g. {@code dhcp_assignment}; also the name of its config resource. */
    String name();

    /** A plugin configured from {@code context}. */
    AlertPlugin create(AlertPluginContext context);
}
