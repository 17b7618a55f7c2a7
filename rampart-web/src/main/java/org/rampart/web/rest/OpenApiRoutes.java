package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.rampart.event.Json;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 description of the API. The bundled description covers every route any
 * server registers; what is served is the part for the routes this one has, so a route the modules that wire the
 * server do not add (e.g. {@code /snapshots}) is not described. OpenApiTest checks the two match exactly.
 */
final class OpenApiRoutes {
    static final String RESOURCE = "/openapi/openapi.json";

    private OpenApiRoutes() {}

    /** Adds {@code /openapi.json}, describing the routes {@code table} has when it is called. */
    static void register(RouteTable table) {
        ObjectNode bundled = bundled();
        table.addPublic(HandlerType.GET, "/openapi.json", ctx -> RestServer.reply(ctx, 200,
                describe(bundled, table.routes())));
    }

    static ObjectNode bundled() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** {@code bundled} with only the operations of {@code routes}. */
    static ObjectNode describe(ObjectNode bundled, List<Route> routes) {
        ObjectNode out = bundled.deepCopy();
        ObjectNode paths = out.putObject("paths");
        for (Route route : routes) {
            String method = route.method().toLowerCase(Locale.ROOT);
            JsonNode operation = bundled.path("paths").path(route.path()).get(method);
            if (operation != null) {
                ObjectNode path = paths.has(route.path()) ? (ObjectNode) paths.get(route.path())
                        : paths.putObject(route.path());
                path.set(method, operation);
            }
        }
        return out;
    }
}
