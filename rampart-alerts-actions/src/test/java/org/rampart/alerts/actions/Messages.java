package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rampart.event.Json;

/** Alert messages as the alert queue carries them: {@code {_id, _index, _source}}. */
final class Messages {
    private Messages() {}

    static ObjectNode alert(String classname, String severity, String summary) {
        ObjectNode message = Json.object();
        message.put("_id", "alert-1");
        message.put("_index", "alerts-202611");
        ObjectNode source = message.putObject("_source");
        source.put("utctimestamp", "2026-11-23T10:00:00+00:00");
        source.put("severity", severity);
        source.put("summary", summary);
        source.put("category", "bruteforce");
        source.putArray("tags").add("ssh").add("bruteforce");
        source.put("classname", classname);
        source.putNull("channel");
        source.put("notify_mozdefbot", !severity.equals("NOTICE") && !severity.equals("INFO"));
        source.putObject("details").put("sourceipaddress", "10.1.2.3");
        return message;
    }
}
