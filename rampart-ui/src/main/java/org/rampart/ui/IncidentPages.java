package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rampart.web.incidents.IncidentChange;
import org.rampart.web.incidents.Incidents;
import org.rampart.web.rest.RestServer;

/** The incidents list and one incident's page (edited live by its script through the API). */
final class IncidentPages {
    private final RestServer.Services services;
    private final Templates templates;

    IncidentPages(RestServer.Services services, Templates templates) {
        this.services = services;
        this.templates = templates;
    }

    /** {@code ?phase=} filters on a phase; any other value shows every phase, as the empty choice does. */
    void list(Context ctx, Viewer viewer) throws SQLException {
        Optional<String> phase = Optional.ofNullable(ctx.queryParam("phase")).filter(IncidentChange.PHASES::contains);
        List<ObjectNode> incidents = services.incidents().page(phase, IncidentsView.PAGE, 0).stream()
                .map(Incidents.Incident::toJson).toList();
        templates.render(ctx, "incidents.jte", new IncidentsView(viewer, incidents, phase.orElse("")));
    }

    void one(Context ctx, Viewer viewer) throws SQLException {
        String id = ctx.pathParam("id");
        Incidents.Incident incident = (id.matches("\\d{1,18}") ? services.incidents().get(Long.parseLong(id))
                : Optional.<Incidents.Incident>empty()).orElseThrow(() -> new NoSuchElementException("no incident "
                + (id.length() > 32 ? id.substring(0, 32) + "…" : id)));
        templates.render(ctx, "incident.jte", new JsonView(viewer, incident.toJson()));
    }
}
