package org.rampart.web.auth;

import java.util.Locale;

/** What a caller may do, each role including the ones before it: viewers read, analysts change, admins manage. */
public enum Role {
    VIEWER, ANALYST, ADMIN;

    /** The role named {@code name} ({@code viewer}, {@code analyst} or {@code admin}, any case). */
    public static Role parse(String name) {
        if (name != null) {
            for (Role role : values()) {
                if (role.id().equalsIgnoreCase(name.strip())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role must be viewer, analyst or admin; it was " + name);
    }

    /** The lower-case name used in configuration, SQL and JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
