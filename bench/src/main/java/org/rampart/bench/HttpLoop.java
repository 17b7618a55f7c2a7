package org.rampart.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many HTTP/1.1 keep-alive connections driven by one thread over a selector, each with one request in flight at a
 * time (no pipelining: a shipper waits for its acknowledgement), as wrk does. On 2 cores shared with the server the
 * load generator's cycles are the server's loss: a virtual thread per connection parking on every reply cost ~47 us
 * of CPU per single-event request, most of it the machinery of parking and waking (docs/benchmarks.md).
 */
final class HttpLoop {
    private static final long REPLY_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(HttpConnection.REPLY_TIMEOUT_MILLIS);
    private static final long TIMEOUT_SCAN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Replies are read whole: the longest body the parser takes, and room for the head. */
    private static final int MAX_REPLY = HttpConnection.MAX_BODY + (64 << 10);

    /** One connection's requests and what it makes of their replies; called on the loop's thread only. */
    interface Conversation {
        /** The next request, or null when this conversation is over; not called before {@link #notBefore()}. */
        Request next();

        /** The reply to the last request, {@code nanos} after its first byte was written. */
        void replied(HttpConnection.Response response, long nanos);

        /** The last request failed (I/O error, timeout, a reply that is not HTTP); the connection is closed. */
        void failed(IOException e);

        /** When {@link #next()} may be called, a {@link System#nanoTime()}: after a back-off; a past time for now. */
        long notBefore();
    }

    /** One request; {@code body} and {@code contentType} are null for none. */
    record Request(String method, String path, String contentType, byte[] body) {
    }

    private final InetSocketAddress address;
    private final String hostHeader;

    HttpLoop(URI url) {
        int port = HttpConnection.port(url);
        this.address = new InetSocketAddress(url.getHost(), port);
        this.hostHeader = url.getHost() + ':' + port;
    }

    /** Runs every conversation on its own connection until all are over. */
    void run(List<? extends Conversation> conversations) throws IOException {
        try (Selector selector = Selector.open()) {
            List<Connection> connections = new ArrayList<>();
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            for (Conversation conversation : conversations) {
                Connection connection = new Connection(conversation);
                connections.add(connection);
                idle.add(connection);
            }
            List<Connection> answered = new ArrayList<>();
            int live = connections.size();
            long nextTimeoutScan = System.nanoTime() + TIMEOUT_SCAN_NANOS;
            while (live > 0) {
                long now = System.nanoTime();
                long wakeAt = now + TIMEOUT_SCAN_NANOS;
                for (int i = idle.size(); i > 0; i--) {
                    Connection connection = idle.poll();
                    long notBefore = connection.conversation.notBefore();
                    if (notBefore - now > 0) {
                        wakeAt = Math.min(wakeAt, notBefore);
                        idle.add(connection);
                    } else if (!connection.sendNext(selector)) {
                        live--;
                    } else if (!connection.inFlight()) {
                        idle.add(connection);
                    }
                }
                if (live == 0) {
                    break;
                }
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeAt - now));
                // What is idle now waits for its back-off; the rest for their replies.
                selector.select(key -> ((Connection) key.attachment()).ready(key, answered), waitMillis);
                idle.addAll(answered);
                answered.clear();
                now = System.nanoTime();
                if (now - nextTimeoutScan > 0) {
                    nextTimeoutScan = now + TIMEOUT_SCAN_NANOS;
                    for (Connection connection : connections) {
                        if (connection.inFlight() && now - connection.sentAt > REPLY_TIMEOUT_NANOS) {
                            connection.fail(new SocketTimeoutException("no reply in "
                                    + TimeUnit.NANOSECONDS.toSeconds(REPLY_TIMEOUT_NANOS) + " s"));
                            idle.add(connection);
                        }
                    }
                }
            }
        }
    }

    /** A conversation's connection: closed between failures, opened again for the next request. */
    private final class Connection {
        private final Conversation conversation;
        private SocketChannel channel;
        private SelectionKey key;
        private String method;
        private ByteBuffer unsent;
        private byte[] received = new byte[16 << 10];
        private int receivedLength;
        private long sentAt;
        private boolean inFlight;

        Connection(Conversation conversation) {
            this.conversation = conversation;
        }

        boolean inFlight() {
            return inFlight;
        }

        /** Starts the conversation's next request; false when the conversation is over. */
        boolean sendNext(Selector selector) {
            Request request = conversation.next();
            if (request == null) {
                close();
                return false;
            }
            try {
                if (channel == null) {
                    open(selector);
                }
                method = request.method();
                unsent = ByteBuffer.wrap(HttpConnection.request(hostHeader, "", request.method(), request.path(),
                        request.contentType(), request.body()));
                receivedLength = 0;
                sentAt = System.nanoTime();
                inFlight = true;
                channel.write(unsent);
                key.interestOps(unsent.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                fail(e);
            }
            return true;
        }

        private void open(Selector selector) throws IOException {
            SocketChannel opened = SocketChannel.open();
            try {
                opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
                opened.socket().connect(address, HttpConnection.CONNECT_TIMEOUT_MILLIS);
                opened.configureBlocking(false);
                key = opened.register(selector, 0, this);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            channel = opened;
        }

        /** The selector found the channel ready; adds this connection to {@code answered} once its reply is in. */
        void ready(SelectionKey readyKey, List<Connection> answered) {
            if (readyKey != key || !inFlight) {
                return;
            }
            try {
                if (readyKey.isWritable()) {
                    channel.write(unsent);
                    if (!unsent.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (readyKey.isReadable() && receive()) {
                    answered.add(this);
                }
            } catch (IOException e) {
                fail(e);
                answered.add(this);
            }
        }

        /** Reads what arrived; true once the whole reply is in and handed to the conversation. */
        private boolean receive() throws IOException {
            if (receivedLength == received.length) {
                if (received.length >= MAX_REPLY) {
                    throw new IOException("reply larger than " + MAX_REPLY + " bytes");
                }
                received = Arrays.copyOf(received, Math.min(MAX_REPLY, received.length * 2));
            }
            int read = channel.read(ByteBuffer.wrap(received, receivedLength, received.length - receivedLength));
            boolean ended = read < 0;
            if (!ended) {
                receivedLength += read;
            }
            HttpConnection.Response response;
            try {
                response = HttpConnection.readResponse(new Bytes(received, receivedLength), method);
            } catch (EOFException e) {
                if (ended) {
                    throw e;
                }
                return false;
            }
            boolean closes = "close".equalsIgnoreCase(response.headers().get("connection"));
            if (closes && !ended) {
                // Possibly a body that runs to the connection's end: only the end says it is whole.
                return false;
            }
            inFlight = false;
            long nanos = System.nanoTime() - sentAt;
            if (closes) {
                close();
            }
            conversation.replied(response, nanos);
            return true;
        }

        void fail(IOException e) {
            inFlight = false;
            close();
            conversation.failed(e);
        }

        private void close() {
            if (channel != null) {
                key.cancel();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a broken channel can fail; it is gone either way
                }
                channel = null;
                key = null;
            }
        }
    }

    /** The bytes received so far, read without the locking of ByteArrayInputStream: one thread parses them. */
    private static final class Bytes extends InputStream {
        private final byte[] bytes;
        private final int length;
        private int position;

        Bytes(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int count) {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int n = Math.min(count, length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
