package org.rampart.alerts.plugins;

import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;

/** Makes one kind of alert plugin; an extension kind, named as MozDef's module. */
public interface AlertPluginProvider extends Extension {
    /** The kind in the extension registry; drop-in jars go in {@code <extensions.dir>/alert-plugins}. */
    ExtensionKind<AlertPluginProvider> KIND = new ExtensionKind<>("alert plugin", "alert-plugins", AlertPluginProvider.class);

    /** MozDef's module name, e.g. {@code dhcp_assignment}; also the name of its config resource. */
    @Override
    String name();

    /** A plugin configured from {@code context}. */
    AlertPlugin create(AlertPluginContext context);
}
