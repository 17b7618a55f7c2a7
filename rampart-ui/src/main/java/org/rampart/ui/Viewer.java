package org.rampart.ui;

import org.rampart.web.auth.Caller;
import org.rampart.web.auth.Role;

/**
 * Who is looking at a page: the layout shows the name and role, the page's scripts send the CSRF token with every
 * change, and a viewer's pages carry no change buttons (the API refuses their changes anyway).
 *
 * @param csrfToken the session's CSRF token; empty for a bearer-token caller, who sends no cookie
 */
public record Viewer(String name, String role, String csrfToken, boolean canChange, boolean isAdmin) {
    static Viewer of(Caller caller) {
        return new Viewer(caller.name(), caller.role().id(), caller.csrfToken() == null ? "" : caller.csrfToken(),
                caller.role().includes(Role.ANALYST), caller.role().includes(Role.ADMIN));
    }
}
