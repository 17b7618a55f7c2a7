package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;

/** Makes alert actions of one type from their configuration; found by {@link java.util.ServiceLoader}. */
public interface AlertActionProvider {

    /** The {@code type:} that names this action in configuration, e.g. {@code webhook}. */
    String type();

    /** An action from its configuration block; a bad block is an IllegalArgumentException saying what to fix. */
    AlertAction create(JsonNode config);
}
