package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import org.rampart.event.extension.Extension;
import org.rampart.event.extension.ExtensionKind;
import org.rampart.event.ip.OutboundTargets;

/** Makes alert actions of one type from their configuration; an extension kind, named by the {@code type:} it serves. */
public interface AlertActionProvider extends Extension {
    /** The kind in the extension registry; drop-in jars go in {@code <extensions.dir>/alert-actions}. */
    ExtensionKind<AlertActionProvider> KIND = new ExtensionKind<>("alert action", "alert-actions", AlertActionProvider.class);

    /** The {@code type:} that names this action in configuration, e.g. {@code webhook}. */
    @Override
    String name();

    /** An action from its configuration block; a bad block is an IllegalArgumentException saying what to fix. */
    AlertAction create(JsonNode config);

    /**
     * An action that connects only where {@code outbound} permits ({@code outbound.allowed_networks}); a provider whose
     * actions make network calls overrides this, and its {@link #create(JsonNode)} permits public addresses only.
     */
    default AlertAction create(JsonNode config, OutboundTargets outbound) {
        return create(config);
    }
}
