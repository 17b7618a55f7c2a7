package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's squidFixup: turns a Squid access-log line posted to {@code /custom/squid} (category {@code proxy}) into a
 * new {@code squid} event, with MozDef's key names and token positions (pipeline-catalog.md §3a). The line must use
 * MozDef's Squid log format:
 * <pre>logformat mozdef %ts.%03tu %6tr %&gt;a %&gt;p %&lt;a %&lt;p %Ss %&lt;Hs %&gt;st %&lt;st %rm %ru %&gt;rs %&lt;A %mt</pre>
 * A line that does not parse is kept whole in {@code details.message} (MozDef raises and loses the event).
 */
public final class SquidFixup implements EventPlugin {
    private static final int TOKENS = 15;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private String mozdefhostname = LocalHost.system();

    @Override
    public List<String> registration() {
        return List.of("squid");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "squidFixup";
    }

    @Override
    public void configure(PluginContext context) {
        mozdefhostname = LocalHost.name(context.hostname());
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        Clock clock = metadata.context().clock();
        if (!event.has("customendpoint") || !"proxy".equals(Events.text(event, "category"))) {
            return event;
        }
        ObjectNode out = Json.object();
        out.put("type", "squid");
        out.put("mozdefhostname", mozdefhostname);
        ObjectNode details = out.putObject("details");
        if (event.has("HOST_FROM")) {
            out.set("hostname", event.get("HOST_FROM"));
        }
        if (event.has("tags")) {
            out.set("tags", event.get("tags"));
        }
        out.set("category", event.get("category"));
        out.set("customendpoint", event.get("customendpoint"));
        String source = event.hasNonNull("source") ? PyText.str(event.get("source")) : "unknown";
        out.put("source", source);
        if (event.has("MESSAGE")) {
            out.set("summary", event.get("MESSAGE"));
        }
        if (!source.equals("access")) {
            return out;
        }
        Instant now = clock.instant();
        String line = Events.text(event, "MESSAGE");
        Instant start = line == null ? null : access(line.strip(), details);
        String timestamp = Timestamps.isoformat(start == null ? now : start);
        out.put("utctimestamp", timestamp);
        out.put("timestamp", timestamp);
        out.put("receivedtimestamp", Timestamps.isoformat(now));
        out.put("eventsource", "squid");
        out.put("severity", "INFO");
        return out;
    }

    /** Parses the access-log line into details; returns when the request started, or null if it does not parse. */
    private static Instant access(String line, ObjectNode d) {
        String[] t = line.split("\\s+");
        try {
            if (t.length < TOKENS) {
                throw new IllegalArgumentException(t.length + " fields, needs " + TOKENS);
            }
            BigDecimal end = new BigDecimal(t[0]);
            BigDecimal duration = new BigDecimal(t[1]).divide(THOUSAND);
            ObjectNode parsed = Json.object();
            parsed.put("duration", duration.doubleValue());
            parsed.put("sourceipaddress", t[2]);
            parsed.put("sourceport", port(t[3]));
            parsed.put("destinationipaddress", IpAddresses.isIPv4(t[4]) ? t[4] : "0.0.0.0");
            String action = t[6];
            parsed.put("proxyaction", action);
            parsed.put("status", t[7]);
            parsed.put("requestsize", Long.parseLong(t[8]));
            parsed.put("responsesize", Long.parseLong(t[9]));
            String method = t[10];
            parsed.put("method", method);
            String url = t[11];
            parsed.put("destination", url);
            parsed.put("proto", t[12].equals("-") && method.equals("CONNECT") ? "ssl" : t[12]);
            parsed.put("mimetype", t[14]);
            if (action.equals("TCP_DENIED")) {
                // A denied request never reached a server: the URL says where it was going.
                deniedTarget(url, parsed);
            } else {
                parsed.put("destinationport", port(t[5]));
                parsed.put("host", t[13]);
            }
            d.setAll(parsed);
            return Instant.ofEpochSecond(0).plusNanos(end.subtract(duration).movePointRight(9).longValueExact());
        } catch (RuntimeException e) {
            d.put("message", line);
            d.put("parseerror", "not a MozDef squid access log line: " + e.getMessage());
            return null;
        }
    }

    /**
     * MozDef's reading of a denied request's URL, split on {@code :}: {@code http} gives port 80 or the number after
     * the host, {@code https} 443, and {@code host:port} the last part. For https MozDef takes the host from the
     * scheme part and writes {@code https}; Rampart takes it from the URL (a deliberate difference).
     */
    private static void deniedTarget(String url, ObjectNode parsed) {
        String[] parts = url.split(":", -1);
        String host;
        int port;
        if (parts[0].equals("http")) {
            port = parts.length > 2 ? Integer.parseInt(parts[2].split("/", -1)[0]) : 80;
            host = parts.length > 1 ? parts[1] : "";
        } else if (parts[0].equals("https")) {
            port = 443;
            host = parts.length > 1 ? parts[1] : "";
        } else {
            port = Integer.parseInt(parts[parts.length - 1]);
            host = parts[0];
        }
        parsed.put("destinationport", port);
        parsed.put("host", hostOf(host));
    }

    /** What tldextract joins back together: the host name of a URL part, without slashes, path, user or port. */
    private static String hostOf(String text) {
        String host = text;
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        while (host.startsWith("/")) {
            host = host.substring(1);
        }
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = host.indexOf(stop);
            if (at >= 0) {
                host = host.substring(0, at);
            }
        }
        host = host.substring(host.lastIndexOf('@') + 1);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** A port column: {@code -} (no port) is 0. */
    private static int port(String text) {
        return text.equals("-") ? 0 : Integer.parseInt(text);
    }
}
