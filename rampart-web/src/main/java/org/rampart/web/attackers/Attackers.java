package org.rampart.web.attackers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rampart.event.Timestamps;
import org.rampart.query.Hit;

/**
 * Attackers: the source addresses of alerts, each with how many alerts name it, their categories, when it was first
 * and last seen and where it is (the GeoIP plugin's {@code sourceipgeolocation}). An alert names the source address of
 * its own details and of each event it references, as MozDef's alerts carry them.
 */
public final class Attackers {
    private Attackers() {}

    /**
     * One source address.
     *
     * @param geo the first GeoIP location found for it without an error; null when none
     */
    public record Attacker(String ip, long alerts, TreeSet<String> categories, Instant firstSeen, Instant lastSeen,
                           ObjectNode geo) {}

    private static final class Tally {
        long alerts;
        final TreeSet<String> categories = new TreeSet<>();
        Instant first;
        Instant last;
        ObjectNode geo;
    }

    /** The attackers of {@code alerts} (times without a zone read in {@code clock}'s), most alerts first, then the most recently seen. */
    public static List<Attacker> of(List<Hit> alerts, Clock clock) {
        Map<String, Tally> byIp = new LinkedHashMap<>();
        for (Hit hit : alerts) {
            ObjectNode alert = hit.source();
            Instant time = time(alert, clock);
            Map<String, ObjectNode> sources = new LinkedHashMap<>();
            collect(alert.path("details"), sources);
            alert.path("events").forEach(ref -> collect(ref.path("documentsource").path("details"), sources));
            sources.forEach((ip, geo) -> {
                Tally t = byIp.computeIfAbsent(ip, k -> new Tally());
                t.alerts++;
                if (alert.path("category").isTextual()) {
                    t.categories.add(alert.path("category").asText());
                }
                if (time != null) {
                    t.first = t.first == null || time.isBefore(t.first) ? time : t.first;
                    t.last = t.last == null || time.isAfter(t.last) ? time : t.last;
                }
                if (t.geo == null) {
                    t.geo = geo;
                }
            });
        }
        List<Attacker> out = new ArrayList<>();
        byIp.forEach((ip, t) -> out.add(new Attacker(ip, t.alerts, t.categories, t.first, t.last, t.geo)));
        out.sort(Comparator.comparingLong(Attacker::alerts).reversed()
                .thenComparing(Attacker::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** The alert's time; null when it has none that parses (one odd alert must not fail the whole list). */
    private static Instant time(ObjectNode alert, Clock clock) {
        try {
            return Timestamps.parse(alert.get("utctimestamp"), clock);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The source address of {@code details} with its location (null when unknown or an error), once per alert. */
    private static void collect(JsonNode details, Map<String, ObjectNode> sources) {
        JsonNode ip = details.path("sourceipaddress");
        if (!ip.isTextual() || ip.asText().isEmpty() || ip.asText().equals("0.0.0.0")) {
            return;
        }
        JsonNode geo = details.path("sourceipgeolocation");
        ObjectNode location = geo instanceof ObjectNode o && !o.has("error") ? o : null;
        if (sources.get(ip.asText()) == null) {
            sources.put(ip.asText(), location);
        }
    }
}
