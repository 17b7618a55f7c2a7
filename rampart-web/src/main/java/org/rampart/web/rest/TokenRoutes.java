package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import org.rampart.event.Json;
import org.rampart.web.auth.Caller;
import org.rampart.web.auth.PersonalTokens;
import org.rampart.web.auth.Role;

/** {@code /tokens}: a caller's personal API tokens. */
final class TokenRoutes {
    private final PersonalTokens tokens;

    TokenRoutes(PersonalTokens tokens) {
        this.tokens = tokens;
    }

    /** Issues a token ({@code {"name", "role"}}, role defaulting to the caller's) and shows its secret this once. */
    void issue(Context ctx) throws SQLException {
        Caller caller = RouteTable.caller(ctx);
        ObjectNode body = RequestBodies.object(ctx);
        String name = RequestBodies.text(body, "name", 256, true);
        String role = RequestBodies.text(body, "role", 16, false);
        PersonalTokens.Issued issued = tokens.issue(caller, name, role == null ? caller.role() : Role.parse(role));
        RestServer.doNotCache(ctx);
        RestServer.reply(ctx, 201, describe(issued.token()).put("token", issued.secret()));
    }

    /** The caller's tokens, without secrets. */
    void list(Context ctx) throws SQLException {
        ArrayNode out = Json.MAPPER.createArrayNode();
        tokens.list(RouteTable.caller(ctx).accountId()).forEach(t -> out.add(describe(t)));
        RestServer.reply(ctx, 200, out);
    }

    /** Revokes {@code /tokens/{id}}: the caller's own, or any for an admin. */
    void revoke(Context ctx) throws SQLException {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a token id is a number; it was " + ctx.pathParam("id"));
        }
        tokens.revoke(RouteTable.caller(ctx), id);
        ctx.status(204);
    }

    private static ObjectNode describe(PersonalTokens.Token token) {
        return Json.object().put("id", token.id()).put("name", token.name()).put("role", token.role().id())
                .put("created", RestServer.isoformat(token.created()));
    }
}
