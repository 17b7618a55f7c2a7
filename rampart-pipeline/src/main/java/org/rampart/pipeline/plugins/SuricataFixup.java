package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's suricataFixup: turns a Suricata EVE JSON record posted to {@code /custom/suricata} into a new {@code nsm}
 * event; for alerts it flattens the flow counters and HTTP fields and bounds the packet and payload sizes.
 */
public final class SuricataFixup implements EventPlugin {
    /** Longest packet/payload text kept, as in MozDef (Elasticsearch keyword limits). */
    static final int MAX_PAYLOAD = 4095;

    private String mozdefhostname = LocalHost.system();

    @Override
    public List<String> registration() {
        return List.of("suricata");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "suricataFixup";
    }

    @Override
    public void configure(PluginContext context) {
        mozdefhostname = LocalHost.name(context.hostname());
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        Clock clock = metadata.context().clock();
        if (!event.has("customendpoint") || !"suricata".equals(Events.text(event, "category"))) {
            return event;
        }
        ObjectNode out = Json.object();
        out.put("type", "nsm");
        ObjectNode details = Fields.parseObject(event.get("message"));
        if (details == null) {
            details = Json.object();
            out.set("details", details);
            out.set("rawdetails", event.deepCopy());
        } else {
            out.set("details", details);
        }
        if (event.has("host_from")) {
            out.set("hostname", event.get("host_from"));
        }
        if (event.has("tags")) {
            out.set("tags", event.get("tags"));
        }
        out.set("category", event.get("category"));
        out.set("source", event.has("source") ? event.get("source") : Json.MAPPER.getNodeFactory().textNode("unknown"));
        out.set("event_type",
                event.has("event_type") ? event.get("event_type") : Json.MAPPER.getNodeFactory().textNode("unknown"));

        Instant now = clock.instant();
        JsonNode flow = details.get("flow");
        if (flow == null) {
            stamp(out, now);
        } else if (flow.has("start")) {
            // As in MozDef: a flow without a start gives no timestamps here (the store fills them later).
            Instant start = Timestamps.parse(flow.get("start"), clock);
            stamp(out, start == null ? now : start);
        }
        out.put("receivedtimestamp", Timestamps.isoformat(now));
        out.put("eventsource", "nsm");
        out.put("severity", "INFO");
        out.put("mozdefhostname", mozdefhostname);

        details.put("sourceipaddress", "0.0.0.0");
        details.put("destinationipaddress", "0.0.0.0");
        details.put("sourceport", 0);
        details.put("destinationport", 0);
        Fields.move(details, "src_ip", "sourceipaddress");
        Fields.move(details, "src_port", "sourceport");
        Fields.move(details, "dest_ip", "destinationipaddress");
        Fields.move(details, "dest_port", "destinationport");
        Fields.move(details, "alert", "suricata_alert");

        if ("eve-log".equals(Events.text(out, "source")) && "alert".equals(Events.text(out, "event_type"))) {
            alert(details);
            out.put("summary", PyText.format(
                    "{sourceipaddress}:{sourceport} -> {destinationipaddress}:{destinationport}", details));
        }
        return out;
    }

    private static void alert(ObjectNode details) {
        truncate(details, "packet");
        truncate(details, "payload");
        truncate(details, "payload_printable");
        details.remove("email");
        ObjectNode flow = Fields.object(details, "flow");
        details.put("originipbytes", 0);
        details.put("responseipbytes", 0);
        details.put("orig_pkts", 0);
        details.put("resp_pkts", 0);
        if (flow != null) {
            take(flow, "bytes_toserver", details, "originipbytes");
            take(flow, "bytes_toclient", details, "responseipbytes");
            take(flow, "pkts_toserver", details, "orig_pkts");
            take(flow, "pkts_toclient", details, "resp_pkts");
        }
        ObjectNode http = Fields.object(details, "http");
        if (http != null) {
            take(http, "hostname", details, "host");
            take(http, "http_method", details, "method");
            take(http, "http_user_agent", details, "user_agent");
            take(http, "status", details, "status_code");
            take(http, "url", details, "uri");
            take(http, "redirect", details, "redirect_dst");
            take(http, "length", details, "request_body_len");
            take(http, "http_response_body", details, "http_response_body");
            take(http, "http_response_body_printable", details, "http_response_body_printable");
            truncate(details, "http_response_body");
            truncate(details, "http_response_body_printable");
        }
        Fields.move(details, "app_proto", "service");
    }

    private static void take(ObjectNode from, String field, ObjectNode to, String target) {
        JsonNode v = from.remove(field);
        if (v != null) {
            to.set(target, v);
        }
    }

    private static void truncate(ObjectNode details, String field) {
        String s = Events.text(details, field);
        if (s != null) {
            details.put(field, Events.truncate(s, MAX_PAYLOAD));
        }
    }

    private static void stamp(ObjectNode out, Instant t) {
        String iso = Timestamps.isoformat(t);
        out.put("utctimestamp", iso);
        out.put("timestamp", iso);
    }

}
