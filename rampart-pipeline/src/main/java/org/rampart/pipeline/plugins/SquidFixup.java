package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's squidFixup: turns a Squid access-log line posted to {@code /custom/squid} (category {@code proxy}) into a
 * new {@code squid} event. The line must use MozDef's Squid log format:
 * <pre>logformat mozdef %ts.%03tu %tr %&gt;a %&gt;p %Ss/%03&gt;Hs %&lt;st %rm %ru %un %&lt;a %&lt;p %mt %&gt;st %rv</pre>
 * A line that does not parse is kept whole in {@code details.message}.
 */
public final class SquidFixup implements EventPlugin {
    private static final int TOKENS = 13;
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
        Instant now = clock.instant();
        Instant start = null;
        String line = Events.text(event, "MESSAGE");
        if (source.equals("access") && line != null) {
            start = access(line.strip(), details);
        }
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
                throw new IllegalArgumentException("too few fields");
            }
            BigDecimal end = new BigDecimal(t[0]);
            BigDecimal duration = new BigDecimal(t[1]).divide(THOUSAND);
            ObjectNode parsed = Json.object();
            parsed.put("duration", duration.doubleValue());
            parsed.put("sourceipaddress", t[2]);
            parsed.put("sourceport", Integer.parseInt(t[3]));
            parsed.put("destinationipaddress", IpAddresses.isIPv4(t[9]) ? t[9] : "0.0.0.0");
            int slash = t[4].indexOf('/');
            String action = slash < 0 ? t[4] : t[4].substring(0, slash);
            parsed.put("proxyaction", action);
            parsed.put("status", slash < 0 ? "" : t[4].substring(slash + 1));
            parsed.put("responsesize", Long.parseLong(t[5]));
            String method = t[6];
            parsed.put("method", method);
            String url = t[7];
            parsed.put("destination", url);
            URI uri = uri(url, method);
            String host = uri == null ? null : uri.getHost();
            parsed.put("host", host == null ? url : host);
            int port = t[10].chars().allMatch(Character::isDigit) && !t[10].isEmpty() ? Integer.parseInt(t[10]) : 0;
            if (action.equals("TCP_DENIED") || port == 0) {
                // A denied request never reached a server: the URL says where it was going.
                port = uri == null ? 0 : uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme());
            }
            parsed.put("destinationport", port);
            parsed.put("mimetype", t[11]);
            parsed.put("requestsize", Long.parseLong(t[12]));
            String scheme = uri == null ? null : uri.getScheme();
            parsed.put("proto", method.equals("CONNECT") ? "ssl" : scheme == null ? "-" : scheme);
            d.setAll(parsed);
            return Instant.ofEpochSecond(0).plusNanos(end.subtract(duration).movePointRight(9).longValueExact());
        } catch (RuntimeException e) {
            d.put("message", line);
            d.put("parseerror", "not a MozDef squid access log line: " + e.getMessage());
            return null;
        }
    }

    /** CONNECT requests name {@code host:port} without a scheme. */
    private static URI uri(String url, String method) {
        try {
            return URI.create(method.equals("CONNECT") && !url.contains("://") ? "https://" + url : url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        if (scheme == null) {
            return 0;
        }
        return switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            case "ftp" -> 21;
            default -> 0;
        };
    }
}
