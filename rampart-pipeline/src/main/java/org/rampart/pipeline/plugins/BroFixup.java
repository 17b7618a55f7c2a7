package org.rampart.pipeline.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.ip.IpAddresses;
import org.rampart.pipeline.EventMetadata;
import org.rampart.pipeline.EventPlugin;
import org.rampart.pipeline.PluginContext;

/**
 * MozDef's broFixup: turns a Bro/Zeek JSON log line posted to {@code /custom/bro} into a new {@code nsm} event with
 * the log's fields under {@code details}, MozDef's field names for addresses and ports, and a readable summary per
 * log type.
 */
public final class BroFixup implements EventPlugin {
    private static final String ENDPOINT = "{sourceipaddress} -> {destinationipaddress}:{destinationport}";

    private String mozdefhostname = LocalHost.system();

    @Override
    public List<String> registration() {
        return List.of("bro");
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public String name() {
        return "broFixup";
    }

    @Override
    public void configure(PluginContext context) {
        mozdefhostname = LocalHost.name(context.hostname());
    }

    @Override
    public ObjectNode onMessage(ObjectNode event, EventMetadata metadata) {
        Clock clock = metadata.context().clock();
        if (!event.has("customendpoint") || !"bro".equals(Events.text(event, "category")) || !event.has("SOURCE")) {
            return event;
        }
        ObjectNode out = Json.object();
        out.put("type", "nsm");
        ObjectNode details = Fields.parseObject(event.get("MESSAGE"));
        if (details == null) {
            details = Json.object();
            out.set("details", details);
            out.set("rawdetails", event.deepCopy());
        } else {
            out.set("details", details);
        }
        out.put("customendpoint", "bro");
        if (event.has("HOST_FROM")) {
            out.set("hostname", event.get("HOST_FROM"));
        }
        if (event.has("tags")) {
            out.set("tags", event.get("tags"));
        }
        out.set("category", event.get("category"));
        String source = PyText.str(event.get("SOURCE"));
        // The shipper names the logs "bro_<type>".
        String logType = source.length() > 4 ? source.substring(4) : "";
        out.put("source", logType);

        Instant now = clock.instant();
        Instant ts = Timestamps.parse(details.get("ts"), clock);
        String timestamp = Timestamps.isoformat(ts == null ? now : ts);
        out.put("utctimestamp", timestamp);
        out.put("timestamp", timestamp);
        out.put("receivedtimestamp", Timestamps.isoformat(now));
        out.put("eventsource", "nsm");
        out.put("severity", "INFO");
        out.put("mozdefhostname", mozdefhostname);

        Fields.move(details, "id.orig_h", "sourceipaddress");
        Fields.move(details, "id.orig_p", "sourceport");
        Fields.move(details, "id.resp_h", "destinationipaddress");
        Fields.move(details, "id.resp_p", "destinationport");

        String summary = summarize(logType, details, clock);
        if (summary != null) {
            out.put("summary", summary);
        }
        return out;
    }


    /** Fills the log type's defaults into details and returns its summary; null for a log type it does not know. */
    private String summarize(String logType, ObjectNode d, Clock clock) {
        switch (logType) {
            case "conn" -> {
                Fields.fallback(d, "history", "");
                Fields.move(d, "orig_ip_bytes", "originipbytes");
                Fields.move(d, "resp_ip_bytes", "responseipbytes");
                Fields.fallback(d, "originipbytes", 0);
                Fields.fallback(d, "responseipbytes", 0);
                return PyText.format("{sourceipaddress}:{sourceport} -> {destinationipaddress}:{destinationport}"
                        + " {history} {originipbytes} bytes / {responseipbytes} bytes", d);
            }
            case "files" -> {
                firstOf(d, "rx_hosts", "sourceipaddress");
                firstOf(d, "tx_hosts", "destinationipaddress");
                Fields.fallback(d, "mime_type", "unknown");
                Fields.fallback(d, "filename", "unknown");
                Fields.fallback(d, "md5", "None");
                Fields.fallback(d, "filesource", "None");
                Fields.fallback(d, "seen_bytes", "0");
                return PyText.format("{sourceipaddress} downloaded (MD5) {md5} MIME {mime_type} ({seen_bytes} bytes)"
                        + " from {destinationipaddress} via {filesource}", d);
            }
            case "dns" -> {
                Fields.fallback(d, "qtype_name", "unknown");
                Fields.fallback(d, "query", "");
                Fields.fallback(d, "rcode_name", "");
                return PyText.format("DNS {qtype_name} type query " + ENDPOINT, d);
            }
            case "http" -> {
                return PyText.format("HTTP {method} " + ENDPOINT, d);
            }
            case "ssl" -> {
                if (!d.has("server_name") && d.has("destinationipaddress")) {
                    d.set("server_name", d.get("destinationipaddress"));
                }
                return PyText.format("SSL: " + ENDPOINT, d);
            }
            case "dhcp" -> {
                Fields.fallback(d, "assigned_addr", "0.0.0.0");
                Fields.fallback(d, "mac", "000000000000");
                return PyText.format("{assigned_addr} assigned to {mac}", d);
            }
            case "ftp" -> {
                Fields.fallback(d, "command", "");
                Fields.fallback(d, "user", "");
                return PyText.format("FTP: " + ENDPOINT, d);
            }
            case "pe" -> {
                Fields.fallback(d, "os", "");
                Fields.fallback(d, "subsystem", "");
                return PyText.format("PE file: {os} {subsystem}", d);
            }
            case "smtp" -> {
                Fields.move(d, "tls", "tls_encrypted");
                return PyText.format("SMTP: " + ENDPOINT, d);
            }
            case "ssh" -> {
                String summary = PyText.format("SSH: " + ENDPOINT, d);
                return d.has("auth_success") ? summary + " success " + PyText.str(d.get("auth_success")) : summary;
            }
            case "tunnel" -> {
                Fields.fallback(d, "tunnel_type", "");
                Fields.fallback(d, "action", "");
                return PyText.format(ENDPOINT + " {tunnel_type} {action}", d);
            }
            case "intel" -> {
                if (d.has("seen.indicator")) {
                    Fields.move(d, "seen.indicator", "seenindicator");
                } else {
                    d.put("seenindicator", "");
                }
                Fields.move(d, "seen.node", "seennode");
                Fields.move(d, "seen.where", "seenwhere");
                Fields.move(d, "seen.indicator_type", "seenindicatortype");
                return PyText.format("Bro intel match of {seenindicatortype} in {seenwhere}", d);
            }
            case "known_certs" -> {
                Fields.fallback(d, "serial", "0");
                return PyText.format("Certificate X509 seen from: {host}:{port_num}", d);
            }
            case "known_devices" -> {
                Fields.fallback(d, "mac", "");
                Fields.fallback(d, "dhcp_host_name", "");
                return PyText.format("New host: {mac}", d);
            }
            case "known_hosts" -> {
                Fields.fallback(d, "host", "");
                return PyText.format("New host: {host}", d);
            }
            case "known_services" -> {
                JsonNode service = d.get("service");
                if (service == null || service.isEmpty()) {
                    d.set("service", Fields.list(null, "Unknown"));
                }
                Fields.fallback(d, "host", "unknown");
                Fields.fallback(d, "port_num", "0");
                Fields.fallback(d, "port_proto", "");
                JsonNode first = d.get("service").isArray() ? d.get("service").get(0) : d.get("service");
                return "New service: " + PyText.str(first)
                        + PyText.format(" on host {host}:{port_num} / {port_proto}", d);
            }
            case "notice" -> {
                return notice(d);
            }
            case "snmp" -> {
                Fields.fallback(d, "version", "Unknown");
                Fields.fallback(d, "get_bulk_requests", 0);
                Fields.fallback(d, "get_requests", 0);
                Fields.fallback(d, "set_requests", 0);
                Fields.fallback(d, "get_responses", 0);
                long sum = d.get("get_requests").asLong(0) + d.get("get_bulk_requests").asLong(0);
                d.put("getreqestssum", Long.toString(sum));
                return PyText.format("SNMPv{version}: " + ENDPOINT + " ({getreqestssum} get / {set_requests} set"
                        + " requests {get_responses} get responses)", d);
            }
            case "rdp" -> {
                Fields.fallback(d, "cookie", "unknown");
                return PyText.format("RDP: " + ENDPOINT, d);
            }
            case "sip" -> {
                Fields.fallback(d, "status_msg", "unknown");
                Fields.fallback(d, "uri", "unknown");
                Fields.fallback(d, "method", "unknown");
                return PyText.format("SIP: " + ENDPOINT + " method {method} status {status_msg}", d);
            }
            case "software" -> {
                d.set("parsed_version", nest(d, "version.", null));
                Fields.fallback(d, "name", "unparsed");
                Fields.fallback(d, "software_type", "unknown");
                return PyText.format("Found {software_type} software on {host}", d);
            }
            case "socks" -> {
                Fields.fallback(d, "version", "0");
                Fields.fallback(d, "status", "unknown");
                return PyText.format("SOCKSv{version}: " + ENDPOINT + " status {status}", d);
            }
            case "dce_rpc" -> {
                Fields.fallback(d, "endpoint", "unknown");
                Fields.fallback(d, "operation", "unknown");
                return PyText.format("DCERPC: " + ENDPOINT, d);
            }
            case "kerberos" -> {
                Fields.fallback(d, "client", "unknown");
                Fields.fallback(d, "error_msg", "");
                return PyText.format(ENDPOINT + " request {request_type} success {success}", d);
            }
            case "ntlm" -> {
                ObjectNode ntlm = Json.object();
                for (String key : List.of("domainname", "hostname", "username")) {
                    JsonNode v = d.remove(key);
                    ntlm.set(key, v == null ? Json.MAPPER.getNodeFactory().textNode("unknown") : v);
                }
                d.set("ntlm", ntlm);
                Fields.fallback(d, "status", "unknown");
                return PyText.format("NTLM: " + ENDPOINT + " success {success} status {status}", d);
            }
            case "smb_files" -> {
                d.set("smbtimes", nest(d, "times.", t -> isoformat(t, clock)));
                Fields.fallback(d, "path", "");
                Fields.fallback(d, "name", "");
                Fields.fallback(d, "action", "");
                return PyText.format("SMB file: " + ENDPOINT + " {action}", d);
            }
            case "smb_mapping" -> {
                Fields.fallback(d, "share_type", "");
                Fields.fallback(d, "path", "");
                return PyText.format("SMB mapping: " + ENDPOINT + " {share_type}", d);
            }
            case "x509" -> {
                ObjectNode certificate = nest(d, "certificate.", null);
                for (String key : List.of("not_valid_before", "not_valid_after")) {
                    if (certificate.has(key)) {
                        certificate.set(key, isoformat(certificate.get(key), clock));
                    }
                }
                for (String key : List.of("ca", "path_len")) {
                    JsonNode v = d.remove("basic_constraints." + key);
                    if (v != null) {
                        certificate.set("basic_constraints_" + key, v);
                    }
                }
                Fields.fallback(certificate, "serial", "0");
                d.set("certificate", certificate);
                return "X509 certificate seen";
            }
            default -> {
                return null;
            }
        }
    }

    /** Notice logs carry src/dst instead of the connection id; either may be IPv4 or IPv6. */
    private static String notice(ObjectNode d) {
        JsonNode src = d.get("src");
        JsonNode dst = d.get("dst");
        if (src != null) {
            d.set("indicators", Fields.list(src));
        }
        Fields.fallback(d, "sub", "");
        address(d, "src", "source");
        address(d, "dst", "destination");
        return PyText.format("{note}", d)
                + " source " + (src == null ? "unknown" : PyText.str(src))
                + " destination " + (dst == null ? "unknown" : PyText.str(dst))
                + " port " + (d.has("p") ? PyText.str(d.get("p")) : "unknown");
    }

    private static void address(ObjectNode d, String field, String prefix) {
        JsonNode value = d.remove(field);
        if (value == null) {
            return;
        }
        String ip = value.asText();
        if (IpAddresses.isIPv4(ip)) {
            d.put(prefix + "ipaddress", ip);
            d.put(prefix + "ipv4address", ip);
        } else if (IpAddresses.isIPv6(ip)) {
            d.put(prefix + "ipv6address", ip);
        }
    }

    private static void firstOf(ObjectNode d, String listField, String target) {
        JsonNode list = d.get(listField);
        if (list != null && list.isArray() && !list.isEmpty()) {
            d.put(target, PyText.str(list.get(0)));
        }
    }

    /** Moves every {@code prefix.x} field into a new object under {@code x}, converting values when asked. */
    private static ObjectNode nest(ObjectNode d, String prefix, UnaryOperator<JsonNode> convert) {
        ObjectNode nested = Json.object();
        List<String> moved = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : d.properties()) {
            if (e.getKey().startsWith(prefix)) {
                JsonNode v = e.getValue();
                nested.set(e.getKey().substring(prefix.length()), convert == null ? v : convert.apply(v));
                moved.add(e.getKey());
            }
        }
        moved.forEach(d::remove);
        return nested;
    }

    private static JsonNode isoformat(JsonNode epoch, Clock clock) {
        Instant t = Timestamps.parse(epoch, clock);
        return t == null ? epoch : Json.MAPPER.getNodeFactory().textNode(Timestamps.isoformat(t));
    }
}
