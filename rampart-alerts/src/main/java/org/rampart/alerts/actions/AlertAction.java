package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.extension.Registration;

/**
 * Something done with an alert after it is saved (MozDef's alert action): a webhook call, a chat
 * message, a mail, a block. Runs on a worker thread, never on the scheduler's.
 */
public interface AlertAction {

    /** The name in logs and dead letters, e.g. {@code webhook:https://example.org/hook}. */
    String name();

    /** Which alerts this action sees, matched against the whole message as MozDef does. */
    Registration registration();

    /** Delivers one alert message ({@code {_id, _index, _source}}); throws to have it retried. */
    void deliver(ObjectNode message) throws Exception;
}
