package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
            metadata.id(md5Hex("nagiosstatus" + host));
        }
        return event;
    }

    static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
