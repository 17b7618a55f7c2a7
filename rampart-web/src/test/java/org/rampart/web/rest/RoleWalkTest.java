package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HandlerType;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/**
 * Deny by default: every route the server reports is called with no login and with a session of each role, and
 * answers 401, 403 or lets the request through exactly as its declared role says. A new route is walked without a
 * change here; one registered without a role never starts.
 */
class RoleWalkTest {
    private static final Map<Role, String> ACCOUNTS = Map.of(Role.VIEWER, "vera", Role.ANALYST, "anna", Role.ADMIN, "adam");

    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        for (Map.Entry<Role, String> account : ACCOUNTS.entrySet()) {
            rest.addAccount(account.getValue(), account.getKey());
        }
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void everyRouteAnswersEachRoleAsItDeclares() throws Exception {
        List<Route> routes = rest.server.routes();
        assertThat(routes).extracting(Route::role).contains(Optional.empty(), Optional.of(Role.VIEWER),
                Optional.of(Role.ANALYST), Optional.of(Role.ADMIN));
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            String path = route.path().replaceAll("\\{[^}]+}", "1");
            int anonymous = call(route, path).statusCode();
            boolean anonymousOk = route.role().isEmpty() ? anonymous != 401 && anonymous != 403 : anonymous == 401;
            if (!anonymousOk) {
                wrong.add(route.method() + " " + route.path() + " without login: " + anonymous);
            }
            for (Role role : Role.values()) {
                // A fresh session for each call: the walk includes POST /logout.
                RestFixture.Session session = rest.login(ACCOUNTS.get(role));
                int status = call(route, path, session.with("Content-Type", "application/json")).statusCode();
                boolean allowed = route.role().map(role::includes).orElse(true);
                boolean ok = allowed ? status != 401 && status != 403 : status == 403;
                if (!ok) {
                    wrong.add(route.method() + " " + route.path() + " as " + role.id() + ": " + status
                            + (allowed ? " (should pass)" : " (should be 403)"));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aRouteWithoutARoleFailsAtStartup() {
        RouteTable table = new RouteTable(null);
        assertThatThrownBy(() -> table.add(HandlerType.GET, "/incidents", null, ctx -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("declares no role");
        table.add(HandlerType.GET, "/incidents", Role.VIEWER, ctx -> {});
        assertThatThrownBy(() -> table.addPublic(HandlerType.GET, "/incidents", ctx -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
    }

    private HttpResponse<String> call(Route route, String path, String... headers) throws Exception {
        String body = route.method().equals("GET") ? null : "{}";
        return rest.send(route.method(), path, body, headers);
    }
}
