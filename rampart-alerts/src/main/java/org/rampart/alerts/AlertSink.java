package org.rampart.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.Json;
import org.rampart.query.StoredDocument;

/**
 * Called after an alert is saved and its events tagged: MozDef's publish to the {@code alerts} exchange.
 * Alert actions and the AMQP publisher implement it; it must not block (hand the work to another thread).
 */
@FunctionalInterface
public interface AlertSink {

    /** Receives the saved alert; {@link #message} gives MozDef's queue message for it. */
    void alertSaved(StoredDocument alert);

    /** The message MozDef publishes for a saved alert: {@code {_id, _index, _source}}. */
    static ObjectNode message(StoredDocument alert) {
        ObjectNode message = Json.object();
        message.put("_id", alert.id());
        message.put("_index", alert.index());
        message.set("_source", alert.source());
        return message;
    }
}
