package org.rampart.intake.syslog;

import java.time.ZoneId;
import org.rampart.http.tls.TlsFiles;

/**
 * What the syslog listener needs from configuration.
 *
 * @param bind           address to listen on ({@code bind})
 * @param udpPort        UDP port, 0 for any free one, null for no UDP listener ({@code syslog.udp_port})
 * @param tcpPort        TCP port, 0 for any free one, null for no TCP listener ({@code syslog.tcp_port})
 * @param tlsPort        TLS port (RFC 5425), 0 for any free one, null for no TLS listener ({@code syslog.tls_port})
 * @param tls            certificate of the TLS listener ({@code syslog.tls.*}); required with a TLS port, else null
 * @param maxEventSize   longest syslog message kept, in bytes; longer ones are cut ({@code intake.max_event_size})
 * @param maxUnconsumed  journal bytes not yet in the store above which the listener stops taking messages
 *                       ({@code journal.max_unconsumed})
 * @param maxConnections TCP connections open at once; more are closed on accept ({@code syslog.max_connections})
 * @param timezone       zone of RFC 3164 timestamps, which carry none ({@code syslog.timezone})
 */
public record SyslogSettings(String bind, Integer udpPort, Integer tcpPort, Integer tlsPort, TlsFiles tls,
        int maxEventSize, long maxUnconsumed, int maxConnections, ZoneId timezone) {

    public SyslogSettings {
        if (maxEventSize < 64 || maxUnconsumed <= 0 || maxConnections <= 0) {
            throw new IllegalArgumentException("syslog limits must be positive (an event at least 64 bytes): event "
                    + maxEventSize + ", unconsumed " + maxUnconsumed + ", connections " + maxConnections);
        }
        if (tlsPort != null && tls == null) {
            throw new IllegalArgumentException("syslog.tls_port needs a certificate: set tls.cert and tls.key (or "
                    + "syslog.tls.cert and syslog.tls.key)");
        }
    }

    /** Whether any listener is on. */
    public boolean listens() {
        return udpPort != null || tcpPort != null || tlsPort != null;
    }

    /** A configured port: 0 means that listener is off. */
    public static Integer listenerPort(int configured) {
        return configured == 0 ? null : configured;
    }
}
