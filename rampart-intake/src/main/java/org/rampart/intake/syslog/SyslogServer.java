package org.rampart.intake.syslog;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.rampart.http.tls.TlsSockets;
import org.rampart.intake.http.IntakeMetrics;
import org.rampart.intake.http.IntakeSink;
import org.rampart.intake.journal.EventIds;
import org.rampart.intake.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog in over UDP and TCP, into the same sink as the HTTP intake.
 *
 * <p>TCP: each connection runs on a virtual thread that reads a chunk, journals every message the chunk completes
 * and only then reads again. Syslog over TCP has no acknowledgement, so this is its durability: what was read is
 * journaled before more is read, and while the sink refuses (disk low, pipeline behind, broker down) the connection
 * is simply not read, which pushes back on the sender through TCP flow control. UDP is lossy by nature: datagrams
 * the kernel drops, or that arrive while the sink refuses, are lost (counted as {@code dropped}).
 *
 * <p>TLS (RFC 5425) is the TCP listener behind a TLS handshake: the same framing (octet-counted, or newline as
 * senders also use), the same durability and back-pressure, and the same connection limit shared with plain TCP. The
 * certificate is {@link TlsSockets}'s, so a renewed one is served from the next connection on.
 */
public final class SyslogServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogServer.class);
    private static final int READ_CHUNK = 64 * 1024;
    private static final int MAX_DATAGRAM = 65_535;
    /** Datagrams journaled in one append when they arrive in a burst (one fsync for all of them). */
    private static final int DATAGRAM_BATCH = 512;
    private static final Duration REFUSED_PAUSE = Duration.ofMillis(200);
    /** A TLS client that has not finished its handshake by then is dropped, so it cannot hold a connection slot. */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    /** What an accepted connection becomes before it is read: itself for TCP, a TLS session for TLS. */
    @FunctionalInterface
    private interface Upgrade {
        Socket apply(Socket accepted) throws IOException;
    }

    private final SyslogSettings settings;
    private final IntakeSink sink;
    private final EventIds ids;
    private final SyslogParser parser;
    private final IntakeMetrics metrics;
    private final Semaphore connectionSlots;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> listeners = new ArrayList<>();
    private final DatagramChannel udp;
    private final ServerSocket tcp;
    private final ServerSocket tls;
    private final TlsSockets tlsSockets;
    private volatile boolean closed;
    /** Only the UDP thread uses it: to log when dropping starts, not for every datagram. */
    private boolean droppingDatagrams;

    private SyslogServer(SyslogSettings settings, IntakeSink sink, EventIds ids, Clock clock, MeterRegistry registry)
            throws IOException {
        this.settings = settings;
        this.metrics = new IntakeMetrics(registry);
        this.sink = sink;
        this.ids = ids;
        this.parser = new SyslogParser(settings.timezone(), clock);
        this.connectionSlots = new Semaphore(settings.maxConnections());
        InetAddress address = InetAddress.getByName(settings.bind());
        DatagramChannel udpChannel = null;
        ServerSocket tcpSocket = null;
        ServerSocket tlsSocket = null;
        TlsSockets certificate = null;
        try {
            if (settings.udpPort() != null) {
                udpChannel = DatagramChannel.open().bind(new InetSocketAddress(address, settings.udpPort()));
            }
            if (settings.tcpPort() != null) {
                tcpSocket = new ServerSocket(settings.tcpPort(), 128, address);
            }
            if (settings.tlsPort() != null) {
                tlsSocket = new ServerSocket(settings.tlsPort(), 128, address);
                certificate = TlsSockets.open(settings.tls());
            }
        } catch (IOException | RuntimeException e) {
            for (Closeable opened : new Closeable[] {udpChannel, tcpSocket, tlsSocket}) {
                if (opened != null) {
                    closeQuietly(opened);
                }
            }
            throw e;
        }
        this.udp = udpChannel;
        this.tcp = tcpSocket;
        this.tls = tlsSocket;
        this.tlsSockets = certificate;
    }

    /** Starts the listeners {@code settings} asks for (none when every port is off). */
    public static SyslogServer start(SyslogSettings settings, IntakeSink sink, EventIds ids, Clock clock,
                                     MeterRegistry registry) throws IOException {
        SyslogServer server = new SyslogServer(settings, sink, ids, clock, registry);
        if (server.udp != null) {
            server.listeners.add(Thread.ofPlatform().name("syslog-udp").daemon().start(server::receiveDatagrams));
        }
        if (server.tcp != null) {
            server.listeners.add(Thread.ofPlatform().name("syslog-tcp-accept").daemon()
                    .start(() -> server.acceptConnections(server.tcp, "TCP", accepted -> accepted)));
        }
        if (server.tls != null) {
            server.listeners.add(Thread.ofPlatform().name("syslog-tls-accept").daemon()
                    .start(() -> server.acceptConnections(server.tls, "TLS", server::overTls)));
        }
        return server;
    }

    /** The UDP port bound, or -1 when UDP is off. */
    public int udpPort() {
        try {
            return udp == null ? -1 : ((InetSocketAddress) udp.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The TCP port bound, or -1 when TCP is off. */
    public int tcpPort() {
        return tcp == null ? -1 : tcp.getLocalPort();
    }

    /** The TLS port bound, or -1 when TLS is off. */
    public int tlsPort() {
        return tls == null ? -1 : tls.getLocalPort();
    }

    /**
     * The listener's counters: {@code accepted}; rejected {@code unparsed} (kept raw), {@code truncated} (cut at
     * intake.max_event_size), {@code dropped} (UDP while the sink refused), {@code too_many_connections}.
     */
    public IntakeMetrics metrics() {
        return metrics;
    }

    private void receiveDatagrams() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (!closed) {
                udp.configureBlocking(true);
                List<JournalRecord> batch = new ArrayList<>();
                InetSocketAddress sender = (InetSocketAddress) udp.receive(buffer.clear());
                // Then whatever else is already waiting, without blocking, so a burst is one append.
                udp.configureBlocking(false);
                while (sender != null) {
                    buffer.flip();
                    int length = buffer.remaining();
                    while (length > 0 && (buffer.get(length - 1) == '\n' || buffer.get(length - 1) == 0)) {
                        length--;
                    }
                    if (length > 0) { // an empty datagram is no message
                        int kept = Math.min(length, settings.maxEventSize());
                        byte[] message = new byte[kept];
                        buffer.get(message);
                        batch.add(record(message, kept < length, sender.getAddress()));
                    }
                    sender = batch.size() < DATAGRAM_BATCH ? (InetSocketAddress) udp.receive(buffer.clear()) : null;
                }
                if (batch.isEmpty()) {
                    continue;
                }
                String refusal = refusal();
                if (refusal == null) {
                    refusal = tryAppend(batch);
                }
                if (refusal != null) {
                    metrics.reject("dropped", batch.size());
                    if (!droppingDatagrams) {
                        LOG.warn("syslog: {} refuses events ({}); dropping UDP messages until it takes them again",
                                sink.describe(), refusal);
                    }
                }
                droppingDatagrams = refusal != null;
            }
        } catch (ClosedChannelException e) {
            // closed by close()
        } catch (IOException | RuntimeException e) {
            LOG.error("the syslog UDP listener stopped", e);
        }
    }

    private void acceptConnections(ServerSocket listener, String protocol, Upgrade upgrade) {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("the syslog {} listener stopped", protocol, e);
                }
                return;
            }
            if (!connectionSlots.tryAcquire()) {
                metrics.reject("too_many_connections");
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            Thread.ofVirtual().name("syslog-" + protocol.toLowerCase(Locale.ROOT) + "-" + socket.getRemoteSocketAddress()).start(() -> {
                try {
                    readConnection(socket, upgrade);
                } finally {
                    connections.remove(socket);
                    closeQuietly(socket);
                    connectionSlots.release();
                }
            });
        }
    }

    /** Reads a chunk, journals the messages it completes (waiting while the sink refuses), and only then reads on. */
    private void readConnection(Socket socket, Upgrade upgrade) {
        InetAddress sender = socket.getInetAddress();
        SyslogFrames frames = new SyslogFrames(settings.maxEventSize());
        byte[] chunk = new byte[READ_CHUNK];
        try (InputStream in = upgrade.apply(socket).getInputStream()) {
            int read;
            while ((read = in.read(chunk)) > 0) {
                journal(records(frames.feed(chunk, read), sender));
            }
            SyslogFrames.Frame last = frames.finish();
            if (last != null) {
                journal(List.of(record(last.bytes(), last.truncated(), sender)));
            }
        } catch (SocketException e) {
            if (!closed) {
                LOG.debug("syslog connection from {} ended", sender, e);
            }
        } catch (IOException e) {
            LOG.debug("syslog connection from {} ended", sender, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The TLS session over {@code accepted}, its handshake done within the timeout. */
    private Socket overTls(Socket accepted) throws IOException {
        SSLSocket session = tlsSockets.wrap(accepted);
        session.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        session.startHandshake();
        // Syslog senders keep a connection open and quiet for as long as they have nothing to say.
        session.setSoTimeout(0);
        return session;
    }

    private List<JournalRecord> records(List<SyslogFrames.Frame> frames, InetAddress sender) {
        List<JournalRecord> records = new ArrayList<>(frames.size());
        for (SyslogFrames.Frame frame : frames) {
            records.add(record(frame.bytes(), frame.truncated(), sender));
        }
        return records;
    }

    private JournalRecord record(byte[] message, boolean truncated, InetAddress sender) {
        SyslogParser.Parsed parsed = parser.parse(message, sender.getHostAddress(), truncated);
        if (!parsed.wellFormed()) {
            metrics.reject("unparsed");
        }
        byte[] json = SyslogParser.json(parsed.event(), settings.maxEventSize());
        if (truncated || parsed.event().path("details").path("truncated").asBoolean()) {
            metrics.reject("truncated");
        }
        return new JournalRecord(ids.next(), json);
    }

    /** Appends, waiting as long as the sink refuses; gives up only when the server closes (the connection with it). */
    private void journal(List<JournalRecord> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        boolean waited = false;
        while (!closed) {
            String refusal = refusal();
            if (refusal == null) {
                refusal = tryAppend(records);
            }
            if (refusal == null) {
                return;
            }
            if (!waited) {
                LOG.warn("syslog: {} refuses events ({}); not reading the connection until it takes them",
                        sink.describe(), refusal);
                waited = true;
            }
            Thread.sleep(REFUSED_PAUSE);
        }
    }

    private String refusal() {
        String shortage = sink.diskShortage();
        if (shortage != null) {
            return shortage;
        }
        return sink.unconsumedBytes() > settings.maxUnconsumed() ? "the pipeline is behind (journal.max_unconsumed reached)" : null;
    }

    /** Appends; null when done, else why not (the caller logs it once, not at every retry). */
    private String tryAppend(List<JournalRecord> records) {
        try {
            sink.append(records);
            metrics.accepted("syslog", "syslog", records.size());
            return null;
        } catch (IOException | IllegalStateException e) {
            LOG.debug("{} could not take {} syslog events", sink.describe(), records.size(), e);
            return sink.describe() + " could not be written: " + e.getMessage();
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    /** Stops listening and closes the open connections; messages read and not yet journaled by then are lost. */
    @Override
    public void close() {
        closed = true;
        if (udp != null) {
            closeQuietly(udp);
        }
        if (tcp != null) {
            closeQuietly(tcp);
        }
        if (tls != null) {
            closeQuietly(tls);
            tlsSockets.close();
        }
        connections.forEach(SyslogServer::closeQuietly);
        for (Thread listener : listeners) {
            try {
                listener.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
