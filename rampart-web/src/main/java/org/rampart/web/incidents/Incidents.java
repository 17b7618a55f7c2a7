package org.rampart.web.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.rampart.event.Json;
import org.rampart.event.Timestamps;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.state.StateDatabase;

/**
 * Incidents in SQL with optimistic versions: every change names the version it read, and is refused with a
 * {@link VersionConflict} carrying the current incident when another change came first, so no edit silently overwrites
 * another. Every change is audited in its transaction and then told to the listener.
 */
public final class Incidents {
    /** Most notes or timeline entries an incident keeps; the body must also fit its column. */
    static final int MAX_ENTRIES = 500;
    private static final int MAX_BODY = 1_000_000;
    private static final String COLUMNS = "id, version, summary, phase, creator, created, updated, updated_by, body";

    /** One incident as stored: the columns and the JSON body (description, owners, tags, veris, ...). */
    public record Incident(long id, long version, String summary, String phase, String creator, OffsetDateTime created,
                           OffsetDateTime updated, String updatedBy, ObjectNode body) {
        /** The incident as the API shows it. */
        public ObjectNode toJson() {
            ObjectNode out = Json.object().put("id", id).put("version", version).put("summary", summary)
                    .put("phase", phase).put("creator", creator).put("created", iso(created))
                    .put("updated", iso(updated)).put("updatedBy", updatedBy);
            out.setAll(body.deepCopy());
            return out;
        }
    }

    /** A change that lost the race: {@code current} is the incident as it is now. */
    public static final class VersionConflict extends RuntimeException {
        private final Incident current;

        VersionConflict(long expected, Incident current) {
            super("incident " + current.id() + " is at version " + current.version() + ", not " + expected
                    + ": another change came first; re-read it and apply yours again");
            this.current = current;
        }

        public Incident current() {
            return current;
        }
    }

    /**
     * What happened to an incident, for the live stream.
     *
     * @param fields the fields the change set or added to ({@code note}, {@code timeline} for entries)
     */
    public record Changed(Incident incident, String action, List<String> fields) {}

    private final StateDatabase db;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<Changed> listener;

    public Incidents(StateDatabase db, AuditLog audit, Clock clock, Consumer<Changed> listener) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.listener = listener;
    }

    /** Creates an incident (version 1) from {@code change}, which must have a summary; phase defaults to Identification. */
    public Incident create(String actor, IncidentChange change) throws SQLException {
        if (!change.fields().has("summary")) {
            throw new IllegalArgumentException("'summary' is required");
        }
        ObjectNode body = Json.object().put("description", "");
        for (String list : List.of("owners", "tags", "veris", "alerts", "attachments", "notes", "timeline")) {
            body.putArray(list);
        }
        String phase = change.fields().path("phase").asText(IncidentChange.PHASES.getFirst());
        OffsetDateTime now = now();
        Incident draft = apply(new Incident(0, 1, change.fields().get("summary").asText(), phase, actor, now, now, actor,
                body), change, actor, now);
        Incident created = db.inTransaction(c -> {
            checkOwners(c, draft.body());
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO incident (version, summary, phase, creator, created,"
                    + " updated, updated_by, body) VALUES (1, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                bind(s, draft);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Incident stored = new Incident(id, 1, draft.summary(), draft.phase(), actor, now, now, actor, draft.body());
            audit.record(c, AuditLog.Entry.of(actor, "incident.create", String.valueOf(id),
                    Json.object().put("summary", stored.summary()).put("version", 1)));
            return stored;
        });
        listener.accept(new Changed(created, "create", changedFields(change)));
        return created;
    }

    /** Applies {@code change} to the incident at {@code version}; returns it at its next version. */
    public Incident change(long id, long version, String actor, IncidentChange change) throws SQLException {
        if (change.isEmpty()) {
            throw new IllegalArgumentException("the change sets no field and adds no note or timeline entry");
        }
        Incident current = get(id).orElseThrow(() -> new NoSuchElementException("no incident " + id));
        if (current.version() != version) {
            throw new VersionConflict(version, current);
        }
        OffsetDateTime now = now();
        Incident next = apply(current, change, actor, now);
        List<String> fields = changedFields(change);
        db.inTransaction(c -> {
            checkOwners(c, next.body());
            try (PreparedStatement s = c.prepareStatement("UPDATE incident SET summary = ?, phase = ?, creator = ?,"
                    + " created = ?, updated = ?, updated_by = ?, body = ?, version = version + 1"
                    + " WHERE id = ? AND version = ?")) {
                bind(s, next);
                s.setLong(8, id);
                s.setLong(9, version);
                if (s.executeUpdate() == 0) {
                    // Another change committed between the read and this write.
                    throw new VersionConflict(version, read(c, id).orElseThrow(
                            () -> new NoSuchElementException("no incident " + id)));
                }
            }
            ObjectNode details = Json.object().put("version", next.version());
            fields.forEach(details.putArray("fields")::add);
            change.fields().properties().forEach(e -> details.set(e.getKey(), e.getValue()));
            audit.record(c, AuditLog.Entry.of(actor, "incident.update", String.valueOf(id), details));
            return null;
        });
        listener.accept(new Changed(next, "update", fields));
        return next;
    }

    public Optional<Incident> get(long id) throws SQLException {
        try (Connection c = db.connection()) {
            return read(c, id);
        }
    }

    /** Calls {@code each} with every incident, oldest first, one at a time. */
    public void forEach(Consumer<Incident> each) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM incident ORDER BY id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                each.accept(incident(r));
            }
        }
    }

    /** A page of incidents, the most recently changed first, in one phase or all. */
    public List<Incident> page(Optional<String> phase, int limit, long offset) throws SQLException {
        String where = phase.isPresent() ? " WHERE phase = ?" : "";
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM incident" + where
                     + " ORDER BY updated DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = 1;
            if (phase.isPresent()) {
                s.setString(i++, phase.get());
            }
            s.setLong(i++, offset);
            s.setInt(i, limit);
            List<Incident> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(incident(r));
                }
            }
            return out;
        }
    }

    private Incident apply(Incident base, IncidentChange change, String actor, OffsetDateTime now) {
        ObjectNode body = base.body().deepCopy();
        ObjectNode fields = change.fields();
        fields.properties().forEach(e -> {
            if (!e.getKey().equals("summary") && !e.getKey().equals("phase")) {
                body.set(e.getKey(), e.getValue());
            }
        });
        String stamp = iso(now);
        if (change.note() != null) {
            append(body, "notes", Json.object().put("text", change.note()).put("author", actor).put("time", stamp));
        }
        if (change.timelineEntry() != null) {
            append(body, "timeline", change.timelineEntry().deepCopy().put("author", actor).put("added", stamp));
        }
        if (body.toString().length() > MAX_BODY) {
            throw new IllegalArgumentException("the incident would be larger than " + MAX_BODY + " characters");
        }
        return new Incident(base.id(), base.version() + (base.id() == 0 ? 0 : 1),
                fields.path("summary").asText(base.summary()), fields.path("phase").asText(base.phase()),
                base.creator(), base.created(), now, actor, body);
    }

    private static void append(ObjectNode body, String list, ObjectNode entry) {
        ArrayNode entries = body.withArray(list);
        if (entries.size() >= MAX_ENTRIES) {
            throw new IllegalArgumentException("an incident keeps at most " + MAX_ENTRIES + " " + list);
        }
        entries.add(entry);
    }

    private static List<String> changedFields(IncidentChange change) {
        List<String> fields = new ArrayList<>();
        change.fields().fieldNames().forEachRemaining(fields::add);
        if (change.note() != null) {
            fields.add("note");
        }
        if (change.timelineEntry() != null) {
            fields.add("timeline");
        }
        return fields;
    }

    /** Owners must be accounts. */
    private static void checkOwners(Connection c, ObjectNode body) throws SQLException {
        Set<String> unknown = new HashSet<>();
        body.path("owners").forEach(o -> unknown.add(o.asText()));
        if (unknown.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM account WHERE name IN ("
                + String.join(", ", Collections.nCopies(unknown.size(), "?")) + ")")) {
            int i = 1;
            for (String name : unknown) {
                s.setString(i++, name);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    unknown.remove(r.getString(1));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("owners must be accounts; unknown: " + String.join(", ", unknown));
        }
    }

    private static void bind(PreparedStatement s, Incident incident) throws SQLException {
        s.setString(1, incident.summary());
        s.setString(2, incident.phase());
        s.setString(3, incident.creator());
        s.setObject(4, incident.created());
        s.setObject(5, incident.updated());
        s.setString(6, incident.updatedBy());
        s.setString(7, incident.body().toString());
    }

    private static Optional<Incident> read(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM incident WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(incident(r)) : Optional.empty();
            }
        }
    }

    private static Incident incident(ResultSet r) throws SQLException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.getString(9));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("incident " + r.getLong(1) + " has a body that is not JSON", e);
        }
        return new Incident(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5), utc(r, 6),
                utc(r, 7), r.getString(8), (ObjectNode) body);
    }

    private static OffsetDateTime utc(ResultSet r, int column) throws SQLException {
        return r.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String iso(OffsetDateTime time) {
        return Timestamps.isoformat(time.toInstant());
    }
}
