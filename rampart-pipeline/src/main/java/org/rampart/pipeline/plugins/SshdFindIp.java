package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/** MozDef's sshdFindIP: when no source address is known, takes the first IPv4 word of the summary. */
public final class SshdFindIp implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("sshd", "fail2ban");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "sshdFindIP";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String summary = Events.text(event, "summary");
        if (summary == null) {
            return event;
        }
        ObjectNode details = Events.detailsOrCreate(event);
        if (details == null || details.has("sourceipaddress")) {
            return event;
        }
        String ip = firstIPv4(summary);
        if (ip != null) {
            details.put("sourceipaddress", ip);
        }
        return event;
    }

    private static String firstIPv4(String text) {
        for (String word : text.strip().split("\\s+")) {
            // MozDef strips '"', then "'", then ',' once each, and can return "1.2.3.4'"; all three go here.
            String sane = strip(word);
            if (IpAddresses.isIPv4(sane)) {
                return sane;
            }
        }
        return null;
    }

    private static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPunctuation(s.charAt(start))) {
            start++;
        }
        while (end > start && isPunctuation(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isPunctuation(char c) {
        return c == '"' || c == '\'' || c == ',';
    }
}
