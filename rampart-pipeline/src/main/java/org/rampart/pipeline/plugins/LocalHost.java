package org.rampart.pipeline.plugins;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/** The host name the NSM and proxy plugins write into {@code mozdefhostname}. */
final class LocalHost {
    static final String LOOKUP_FAILED = "failed to fetch mozdefhostname";

    private LocalHost() {}

    /** The supplier's host name, or MozDef's marker text when the lookup fails. */
    static String name(Supplier<String> hostname) {
        try {
            String name = hostname.get();
            return name == null ? LOOKUP_FAILED : name;
        } catch (RuntimeException e) {
            return LOOKUP_FAILED;
        }
    }

    /** This machine's host name, for plugins used before {@code configure}; looked up once per process. */
    static String system() {
        return Machine.NAME;
    }

    /** Holds the lookup, which may be slow where DNS is misconfigured, until it is first needed. */
    private static final class Machine {
        static final String NAME = lookup();

        private static String lookup() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return LOOKUP_FAILED;
            }
        }
    }
}
