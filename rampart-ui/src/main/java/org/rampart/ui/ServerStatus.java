package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the health page shows, from the server that wires the UI: counters ({@code intakeAccepted}, {@code stored},
 * {@code dropped}: the page turns them into rates), {@code journalUnconsumedBytes}, {@code journal} health,
 * {@code partitions} and {@code plugins} (the scheduled alerts come from the API). Read on each request, so it must
 * be cheap.
 */
@FunctionalInterface
public interface ServerStatus {
    ObjectNode snapshot();
}
