package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rampart.alerts.Aggregation;
import org.rampart.alerts.AlertTask;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.Hit;
import org.rampart.query.QueryStringMatch;
import org.rampart.query.RangeMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.SubnetMatch;
import org.rampart.query.TermMatch;

/**
 * MozDef's geomodel_location: a user seen in two places too far apart for the time between them ("impossible
 * travel"). Keeps per-user locality state and the time of its last run in the {@code localities} index, and
 * searches, by {@code receivedtimestamp} only, the events that arrived since that last run. With
 * {@code factors.asn_movement} set, a hop between two autonomous systems changes the alert's severity.
 */
public class AlertGeoModel extends AlertTask {
    /** Stored timestamps carry their offset; one without is UTC, as MozDef writes them. */
    private static final Clock UTC = Clock.systemUTC();

    private static final String USERNAME = "details.username";
    /** Airliner speed MozDef assumes, in metres per second. */
    private static final double AIR_TRAVEL_SPEED = 277.778;
    private static final double EARTH_RADIUS_KM = 6373.0;

    private JsonNode config;
    private String localitiesIndex;
    /** The asn_movement factor's database during a run; null when the factor is off. */
    private AsnDatabase asnDatabase;

    /** One place a user acted from, MozDef's {@code Locality}. */
    record Locality(String sourceipaddress, String city, String country, Instant lastaction,
            double latitude, double longitude, double radius) {

        ObjectNode toState() {
            return Json.object().put("sourceipaddress", sourceipaddress).put("city", city).put("country", country)
                    .put("lastaction", Timestamps.isoformat(lastaction)).put("latitude", latitude)
                    .put("longitude", longitude).put("radius", radius);
        }

        ObjectNode toHopEnd() {
            return Json.object().put("ip", sourceipaddress).put("city", city).put("country", country)
                    .put("latitude", latitude).put("longitude", longitude)
                    .put("observed", Timestamps.isoformat(lastaction))
                    .put("geopoint", latitude + "," + longitude);
        }
    }

    @Override
    protected void main() {
        config = parseJsonAlertConfig("geomodel_location.json");
        localitiesIndex = config.path("localities").path("es_index").asText("localities");
        try (AsnDatabase asn = openAsnDatabase(config.path("factors").path("asn_movement"))) {
            asnDatabase = asn;
            search();
        } finally {
            asnDatabase = null;
        }
    }

    /** MozDef's {@code factors.asn_movement}: null (off) or {@code {maxmind_db_path}}. */
    private static AsnDatabase openAsnDatabase(JsonNode factor) {
        if (factor.isNull() || factor.isMissingNode()) {
            return null;
        }
        if (!factor.path("maxmind_db_path").isTextual() || factor.path("maxmind_db_path").asText().isBlank()) {
            throw new IllegalStateException("geomodel_location: factors.asn_movement must be null or"
                    + " {\"maxmind_db_path\": \"<ASN .mmdb file>\"}, got " + factor);
        }
        return AsnDatabase.open(Path.of(factor.path("maxmind_db_path").asText()));
    }

    private void search() {
        Optional<Hit> lastRun = first(new TermMatch("type_", "execution_state"));
        Instant end = now();
        Instant start = lastRun.flatMap(hit -> Optional.ofNullable(Timestamps.parse(hit.source().path("execution_time").asText(), UTC)))
                .orElse(end.minus(searchWindow(config.path("events").path("search_window"))));

        SearchQuery query = SearchQuery.all();
        query.addMust(new RangeMatch("receivedtimestamp", Timestamps.isoformat(start), Timestamps.isoformat(end)));
        query.addMust(new QueryStringMatch(config.path("events").path("lucene_query").asText()));
        query.addMustNot(new TermMatch(USERNAME, ""));
        config.path("whitelist").path("users").forEach(user -> query.addMustNot(new TermMatch(USERNAME, user.asText())));
        config.path("whitelist").path("cidrs").forEach(cidr -> query.addMustNot(new SubnetMatch("details.sourceipaddress", cidr.asText())));
        filtersManual(query);
        searchEventsAggregated(USERNAME, 1000);
        walkAggregations(1);

        ObjectNode state = Json.object().put("type_", "execution_state").put("execution_time", Timestamps.isoformat(end));
        if (!dryRun()) {
            store().saveObject(localitiesIndex, lastRun.map(Hit::id).orElse(null), state);
        }
        store().refresh();
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        double radius = config.path("localities").path("radius_kilometres").asDouble(50);
        List<Locality> fromEvents = new ArrayList<>();
        for (ObjectNode event : aggregation.allevents()) {
            fromEvent(event.path("_source"), radius).ifPresent(fromEvents::add);
        }
        if (fromEvents.isEmpty()) {
            return null;
        }
        fromEvents.sort(Comparator.comparing(Locality::lastaction).reversed());
        String username = aggregation.value();

        Optional<Hit> entry = first(new TermMatch("type_", "locality"), new TermMatch("username", username));
        List<Locality> stored = new ArrayList<>();
        entry.ifPresent(hit -> hit.source().path("localities").forEach(l -> fromState(l).ifPresent(stored::add)));
        Instant oldest = now().minus(Duration.ofDays(config.path("localities").path("valid_duration_days").asLong(1)));
        stored.removeIf(l -> l.lastaction().isBefore(oldest));

        List<ObjectNode> hops = hops(fromEvents, stored);
        if (update(stored, fromEvents)) {
            ObjectNode doc = Json.object().put("type_", "locality").put("username", username);
            ArrayNode localities = doc.putArray("localities");
            stored.forEach(l -> localities.add(l.toState()));
            if (!dryRun()) {
                store().saveObject(localitiesIndex, entry.map(Hit::id).orElse(null), doc);
            }
        }
        if (hops.isEmpty()) {
            return null;
        }
        StringBuilder summary = new StringBuilder(username + " seen in ");
        for (int i = 0; i < hops.size(); i++) {
            ObjectNode hop = hops.get(i);
            JsonNode from = hop.path("origin");
            JsonNode to = hop.path("destination");
            summary.append(i == 0 ? "" : "; ")
                    .append(from.path("city").asText()).append(',').append(from.path("country").asText())
                    .append(" then ").append(to.path("city").asText()).append(',').append(to.path("country").asText())
                    .append(String.format(Locale.ROOT, " (%.2f KM in %.2f minutes)",
                            hop.remove("km").asDouble(), hop.remove("minutes").asDouble()));
        }
        String severity = config.path("severity").asText("INFO");
        Optional<ObjectNode> asnMovement = asnMovement(hops);
        if (asnMovement.isPresent()) {
            severity = config.path("asn_movement_severity").asText("DEBUG");
        }
        ObjectNode alert = createAlertDict(summary.toString(), "geomodel", List.of("geomodel"), aggregation.events(),
                severity);
        String ip = hops.get(hops.size() - 1).path("destination").path("ip").asText();
        ObjectNode details = alert.putObject("details");
        details.put("username", username);
        ArrayNode hopArray = details.putArray("hops");
        hops.forEach(hopArray::add);
        details.put("sourceipaddress", ip);
        if (IpAddresses.address(ip) instanceof java.net.Inet4Address) {
            details.put("sourceipv4address", ip);
        } else {
            details.putNull("sourceipv4address");
        }
        ArrayNode factors = details.putArray("factors");
        asnMovement.ifPresent(factors::add);
        return alert;
    }

    /**
     * MozDef's asn_movement factor: {@code {asn_hops: [[origin AS, destination AS], ...]}}, one pair per hop, when
     * the AS organisation changes across at least one hop; empty when it changes nowhere or the factor is off.
     */
    private Optional<ObjectNode> asnMovement(List<ObjectNode> hops) {
        if (asnDatabase == null) {
            return Optional.empty();
        }
        ObjectNode factor = Json.object();
        ArrayNode asnHops = factor.putArray("asn_hops");
        boolean moved = false;
        for (ObjectNode hop : hops) {
            ObjectNode from = asnDatabase.lookup(hop.path("origin").path("ip").asText());
            ObjectNode to = asnDatabase.lookup(hop.path("destination").path("ip").asText());
            asnHops.addArray().add(from).add(to);
            moved |= AsnDatabase.moved(from, to);
        }
        return moved ? Optional.of(factor) : Optional.empty();
    }

    /**
     * MozDef's alert(): the most recent stored locality followed by the event localities in time order, and a
     * hop for each consecutive pair the user could not have travelled between in the time.
     */
    private static List<ObjectNode> hops(List<Locality> fromEvents, List<Locality> stored) {
        List<Locality> considered = new ArrayList<>();
        stored.stream().max(Comparator.comparing(Locality::lastaction)).ifPresent(considered::add);
        considered.addAll(fromEvents);
        considered.sort(Comparator.comparing(Locality::lastaction));
        List<ObjectNode> hops = new ArrayList<>();
        for (int i = 0; i + 1 < considered.size(); i++) {
            Locality origin = considered.get(i);
            Locality destination = considered.get(i + 1);
            double km = distanceKm(origin, destination);
            double seconds = Math.abs(Duration.between(origin.lastaction(), destination.lastaction()).toMillis() / 1000.0);
            double needed = km * 1000 / AIR_TRAVEL_SPEED
                    - Math.ceil(1000 * Math.min(origin.radius(), destination.radius()) / AIR_TRAVEL_SPEED);
            if (needed > seconds) {
                ObjectNode hop = Json.object();
                hop.set("origin", origin.toHopEnd());
                hop.set("destination", destination.toHopEnd());
                // Carried to the summary, then removed: not part of MozDef's hop document.
                hop.put("km", km).put("minutes", seconds / 60);
                hops.add(hop);
            }
        }
        return hops;
    }

    /** MozDef's locality.update: a nearby stored locality is replaced by a newer or other-IP one, else appended. */
    private static boolean update(List<Locality> stored, List<Locality> fromEvents) {
        boolean changed = false;
        for (Locality fresh : fromEvents) {
            boolean similar = false;
            for (int i = 0; i < stored.size(); i++) {
                Locality known = stored.get(i);
                if (distanceKm(fresh, known) <= Math.min(fresh.radius(), known.radius())) {
                    similar = true;
                    if (fresh.lastaction().isAfter(known.lastaction())
                            || !fresh.sourceipaddress().equals(known.sourceipaddress())) {
                        stored.set(i, fresh);
                        changed = true;
                    }
                }
            }
            if (!similar) {
                stored.add(fresh);
                changed = true;
            }
        }
        return changed;
    }

    /** Haversine distance with MozDef's Earth radius. */
    static double distanceKm(Locality a, Locality b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return EARTH_RADIUS_KM * 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
    }

    private static Optional<Locality> fromEvent(JsonNode source, double radius) {
        JsonNode geo = getValueByPath(source, "details.sourceipgeolocation");
        JsonNode ip = getValueByPath(source, "details.sourceipaddress");
        Optional<Instant> when = Optional.ofNullable(Timestamps.parse(source.path("utctimestamp").asText(null), UTC));
        if (!ip.isTextual() || !geo.path("city").isTextual() || !geo.path("country_code").isTextual()
                || !geo.path("latitude").isNumber() || !geo.path("longitude").isNumber() || when.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Locality(ip.asText(), geo.path("city").asText(), geo.path("country_code").asText(),
                when.get(), geo.path("latitude").asDouble(), geo.path("longitude").asDouble(), radius));
    }

    private static Optional<Locality> fromState(JsonNode l) {
        Optional<Instant> when = Optional.ofNullable(Timestamps.parse(l.path("lastaction").asText(null), UTC));
        if (when.isEmpty() || !l.path("latitude").isNumber() || !l.path("longitude").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new Locality(l.path("sourceipaddress").asText(), l.path("city").asText(),
                l.path("country").asText(), when.get(), l.path("latitude").asDouble(), l.path("longitude").asDouble(),
                l.path("radius").asDouble(50)));
    }

    private Optional<Hit> first(TermMatch... matches) {
        SearchQuery query = SearchQuery.all();
        query.addMust(matches);
        return query.execute(store(), List.of(localitiesIndex), 1).hits().stream().findFirst();
    }

    /** Python's {@code timedelta(**search_window)}. */
    private static Duration searchWindow(JsonNode window) {
        Duration total = Duration.ZERO;
        for (var unit : window.properties()) {
            long n = unit.getValue().asLong();
            total = total.plus(switch (unit.getKey()) {
                case "seconds" -> Duration.ofSeconds(n);
                case "minutes" -> Duration.ofMinutes(n);
                case "hours" -> Duration.ofHours(n);
                case "days" -> Duration.ofDays(n);
                case "weeks" -> Duration.ofDays(7 * n);
                default -> throw new IllegalStateException("geomodel_location: search_window unit must be seconds,"
                        + " minutes, hours, days or weeks, got " + unit.getKey());
            });
        }
        return total;
    }
}
