package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * MozDef's stackdriver_syslog: finishes syslog lines shipped through Cloud Logging: the entry's severity becomes the
 * event's, and the {@code textPayload} line ({@code Mon DD HH:MM:SS host process: message}) gives host name,
 * process name and summary.
 */
public final class StackdriverSyslog extends StackdriverFinisher {
    /** Date (3 tokens), host and process come before the message. */
    private static final int MESSAGE_TOKEN = 5;

    @Override
    public int priority() {
        return 15;
    }

    @Override
    public String name() {
        return "stackdriver_syslog";
    }

    @Override
    boolean accepts(String category) {
        return category.equals("syslog");
    }

    @Override
    void finish(ObjectNode out, ObjectNode details, String category) {
        if (details.has("severity")) {
            out.set("severity", details.get("severity"));
        }
        String line = Events.text(details, "textPayload");
        if (line == null) {
            return;
        }
        String[] tokens = line.strip().split("\\s+");
        if (tokens.length > 3) {
            out.put("hostname", tokens[3]);
        }
        if (tokens.length > 4) {
            out.put("processname", tokens[4].replace(":", ""));
        }
        out.put("summary", tokens.length > MESSAGE_TOKEN
                ? String.join(" ", Arrays.copyOfRange(tokens, MESSAGE_TOKEN, tokens.length)) : line.strip());
    }
}
