package org.rampart.server.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.rampart.event.config.RampartConfig;

/**
 * What this process runs ({@code roles}) and how events reach its workers ({@code transport}). With {@code transport:
 * embedded} the journal is local, so intake and worker come together; {@code rabbitmq} lets each run apart, any number
 * of each.
 */
record ProcessRoles(Set<Role> roles, Transport transport) {

    enum Role { INTAKE, WORKER, SCHEDULER, WEB }

    enum Transport { EMBEDDED, RABBITMQ }

    static ProcessRoles of(RampartConfig config) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : config.list("roles")) {
            roles.add(parse(Role.class, name, "roles"));
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("roles: name at least one of intake, worker, scheduler, web");
        }
        Transport transport = parse(Transport.class, config.string("transport"), "transport");
        if (transport == Transport.EMBEDDED && roles.contains(Role.INTAKE) != roles.contains(Role.WORKER)) {
            throw new IllegalArgumentException("transport: embedded keeps events in this process's journal, so the roles "
                    + "intake and worker go together; got " + config.list("roles") + ". Use transport: rabbitmq to run them apart");
        }
        return new ProcessRoles(roles, transport);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String key) {
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": unknown value \"" + name + "\"; one of "
                    + EnumSet.allOf(type).toString().toLowerCase(Locale.ROOT), e);
        }
    }

    boolean has(Role role) {
        return roles.contains(role);
    }

    /** The store is opened by every role that reads or writes it: all but a pure intake node. */
    boolean needsStore() {
        return has(Role.WORKER) || has(Role.SCHEDULER) || has(Role.WEB);
    }
}
