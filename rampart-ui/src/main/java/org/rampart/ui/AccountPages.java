package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.web.auth.Caller;
import org.rampart.web.rest.RestServer;

/** The login page and the user menu's page of personal API tokens. */
final class AccountPages {
    private final RestServer.Services services;
    private final Templates templates;

    AccountPages(RestServer.Services services, Templates templates) {
        this.services = services;
        this.templates = templates;
    }

    void login(Context ctx) {
        templates.render(ctx, "login.jte", new LoginView(LoginView.safeNext(ctx.queryParam("next"))));
    }

    void tokens(Context ctx, Viewer viewer, Caller caller) throws SQLException {
        List<ObjectNode> tokens = services.tokens().list(caller.accountId()).stream()
                .map(t -> Json.object().put("id", t.id()).put("name", t.name()).put("role", t.role().id())
                        .put("created", t.created().toString()))
                .toList();
        templates.render(ctx, "tokens.jte", new ListView(viewer, tokens));
    }
}
