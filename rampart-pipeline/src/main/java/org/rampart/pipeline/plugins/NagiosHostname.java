package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;

/**
 * MozDef's nagioshostname: the document id is md5("nagiosstatus" + nagios_hostname), so each host's status
 * replaces the previous one. (MozDef's version crashes on Python 3 by hashing a str; this hashes the UTF-8 bytes.)
 */
public final class NagiosHostname implements EventPlugin {

    @Override
    public List<String> registration() {
        return List.of("nagios_hostname");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "nagioshostname";
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        String host = Events.text(Events.details(event), "nagios_hostname");
        if (host != null) {
            metadata.id(Md5.hex("nagiosstatus" + host));
        }
        return event;
    }
}
