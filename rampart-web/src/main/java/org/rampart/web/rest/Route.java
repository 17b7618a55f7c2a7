package org.rampart.web.rest;

import java.util.Optional;
import org.rampart.web.auth.Role;

/**
 * One route of the REST API and who may call it.
 *
 * @param method the HTTP method, upper case
 * @param path   the path as registered, path parameters in braces ({@code /tokens/{id}})
 * @param role   the least role it needs; empty for a public route (login, health checks)
 */
public record Route(String method, String path, Optional<Role> role) {
    /** {@code public} or the role's name, as the docs and the route table show it. */
    public String access() {
        return role.map(Role::id).orElse("public");
    }
}
