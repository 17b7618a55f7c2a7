package org.rampart.server.extensions;

import java.util.List;
import org.rampart.alerts.actions.AlertActionProvider;
import org.rampart.alerts.plugins.AlertPluginProvider;
import org.rampart.event.extension.ExtensionKind;
import org.rampart.pipeline.EventPlugin;
import org.rampart.query.spi.StoreProvider;
import org.rampart.web.rest.spi.RestPlugin;

/**
 * Every way Rampart can be extended, in one list (Graylog's PluginModule): read this file to know them all. Each kind's
 * interface lives in the module that calls it; the registry that finds them is {@code org.rampart.event.extension}
 * (the lowest module, which every kind's module depends on); this list is here because only the server sees every
 * module. Inputs and rule formats join it when they become pluggable: an interface extending {@code Extension} with
 * its {@code KIND}, and a line here.
 */
public final class ExtensionKinds {
    private ExtensionKinds() {}

    /** The kinds, in the order {@code rampart plugins} lists them. */
    public static final List<ExtensionKind<?>> ALL = List.of(
            EventPlugin.KIND,
            AlertPluginProvider.KIND,
            AlertActionProvider.KIND,
            RestPlugin.KIND,
            StoreProvider.KIND);
}
