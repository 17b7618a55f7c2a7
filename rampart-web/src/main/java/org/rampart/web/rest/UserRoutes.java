package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.sql.SQLException;
import java.util.Arrays;
import org.rampart.event.Json;
import org.rampart.web.auth.Accounts;
import org.rampart.web.auth.Role;

/**
 * Accounts for admins, what {@code ./rampart user} does with the server stopped, through the same {@link Accounts}:
 * list, create, change role, set a new password, remove. Each change is audited.
 */
final class UserRoutes {
    private final Accounts accounts;

    private UserRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    static void register(RouteTable table, Accounts accounts) {
        UserRoutes routes = new UserRoutes(accounts);
        table.add(HandlerType.GET, "/users", Role.ADMIN, routes::list);
        table.add(HandlerType.POST, "/users", Role.ADMIN, routes::create);
        table.add(HandlerType.PATCH, "/users/{name}", Role.ADMIN, routes::change);
        table.add(HandlerType.DELETE, "/users/{name}", Role.ADMIN, routes::remove);
    }

    void list(Context ctx) throws SQLException {
        ArrayNode out = Json.MAPPER.createArrayNode();
        accounts.list().forEach(account -> out.add(json(account)));
        RestServer.reply(ctx, 200, out);
    }

    void create(Context ctx) throws SQLException {
        ObjectNode body = RequestBodies.object(ctx);
        String name = RequestBodies.text(body, "name", 64, true);
        Role role = Role.parse(RequestBodies.text(body, "role", 16, true));
        char[] password = password(body, true);
        try {
            RestServer.reply(ctx, 201, json(accounts.add(name, role, password, RouteTable.caller(ctx).actor())));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** {@code {"role"}} and/or {@code {"password"}}: a new password ends the account's sessions. */
    void change(Context ctx) throws SQLException {
        ObjectNode body = RequestBodies.object(ctx);
        body.fieldNames().forEachRemaining(key -> {
            if (!key.equals("role") && !key.equals("password")) {
                throw new IllegalArgumentException("an account change sets 'role' and/or 'password'; not '"
                        + (key.length() > 32 ? key.substring(0, 32) + "…" : key) + "'");
            }
        });
        String name = ctx.pathParam("name");
        String actor = RouteTable.caller(ctx).actor();
        String role = RequestBodies.text(body, "role", 16, false);
        char[] password = password(body, false);
        if (role == null && password == null) {
            throw new IllegalArgumentException("an account change sets 'role' and/or 'password'");
        }
        // The role is checked before the password changes, so a bad role changes nothing.
        Role newRole = role == null ? null : Role.parse(role);
        if (password != null) {
            try {
                accounts.changePassword(name, password, actor);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        RestServer.reply(ctx, 200, json(newRole == null ? accounts.get(name) : accounts.setRole(name, newRole, actor)));
    }

    void remove(Context ctx) throws SQLException {
        accounts.remove(ctx.pathParam("name"), RouteTable.caller(ctx).actor());
        ctx.status(204);
    }

    private static char[] password(ObjectNode body, boolean required) {
        String password = RequestBodies.text(body, "password", Accounts.MAX_PASSWORD, required);
        return password == null ? null : password.toCharArray();
    }

    private static ObjectNode json(Accounts.Account account) {
        return Json.object().put("name", account.name()).put("role", account.role().id())
                .put("created", RestServer.isoformat(account.created()));
    }
}
