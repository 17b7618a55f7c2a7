package org.rampart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The selector-driven client against a real socket server that answers each request with the next scripted reply,
 * written in the pieces the script says, with pauses between them, so that replies arrive split as they do on a busy
 * machine.
 */
class HttpLoopTest {
    /** A scripted reply: the pieces written with a pause before each; {@code close} closes the connection after. */
    private record Reply(List<String> pieces, boolean close) {
    }

    private ServerSocket server;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final Queue<String> received = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> clientPorts = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    clientPorts.add(socket.getPort());
                    Thread.ofPlatform().daemon().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                Reply reply = script.poll();
                for (String piece : reply.pieces()) {
                    Thread.sleep(20);
                    out.write(piece.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    /** The request's first line and body, or null at the connection's end. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return text.substring(0, text.indexOf("\r\n")) + " " + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Sends the bodies in order on one connection and keeps what came back. */
    private static final class Script implements HttpLoop.Conversation {
        private final List<String> bodies;
        private final List<String> outcomes = new ArrayList<>();
        private final long created = System.nanoTime();
        private int next;

        Script(String... bodies) {
            this.bodies = List.of(bodies);
        }

        @Override
        public HttpLoop.Request next() {
            return next < bodies.size() ? new HttpLoop.Request("POST", "/events", "application/json",
                    bodies.get(next++).getBytes(StandardCharsets.UTF_8)) : null;
        }

        @Override
        public void replied(HttpConnection.Response response, long nanos) {
            outcomes.add(response.status() + " " + response.text());
        }

        @Override
        public void failed(IOException e) {
            outcomes.add("failed " + e.getClass().getSimpleName());
        }

        @Override
        public long notBefore() {
            return created;
        }
    }

    private void run(HttpLoop.Conversation... conversations) throws IOException {
        new HttpLoop(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/events")).run(List.of(conversations));
    }

    @Test
    void putsTogetherRepliesThatArriveInPieces() throws IOException {
        script.add(new Reply(List.of("HTTP/1.1 200 OK\r\nContent-Le", "ngth: 11\r\n\r\nhello", " world"), false));
        script.add(new Reply(List.of("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"), false));
        Script conversation = new Script("{\"a\":1}", "{\"b\":2}");

        run(conversation);

        assertThat(conversation.outcomes).containsExactly("200 hello world", "201 ");
        assertThat(received).containsExactly("POST /events HTTP/1.1 {\"a\":1}", "POST /events HTTP/1.1 {\"b\":2}");
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void readsChunkedReplies() throws IOException {
        script.add(new Reply(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\npart\r\n", "3\r\none\r\n",
                "0\r\n\r\n"), false));
        Script conversation = new Script("{}");

        run(conversation);

        assertThat(conversation.outcomes).containsExactly("200 partone");
    }

    @Test
    void aBodyWithoutALengthEndsWithTheConnectionAndTheNextRequestOpensAnother() throws IOException {
        script.add(new Reply(List.of("HTTP/1.0 200 OK\r\n\r\nuntil", " the end"), true));
        script.add(new Reply(List.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), false));
        Script conversation = new Script("{\"a\":1}", "{\"b\":2}");

        run(conversation);

        assertThat(conversation.outcomes).containsExactly("200 until the end", "200 ok");
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void aConnectionClosedBeforeTheWholeReplyFailsThatRequestOnly() throws IOException {
        script.add(new Reply(List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), true));
        script.add(new Reply(List.of("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n"), false));
        Script conversation = new Script("{\"a\":1}", "{\"b\":2}");

        run(conversation);

        assertThat(conversation.outcomes).containsExactly("failed EOFException", "503 ");
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void drivesManyConnectionsAtOnce() throws IOException {
        List<Script> conversations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            script.add(new Reply(List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), false));
            script.add(new Reply(List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), false));
            conversations.add(new Script("{\"n\":" + i + "}", "{}"));
        }

        run(conversations.toArray(HttpLoop.Conversation[]::new));

        assertThat(conversations).allSatisfy(c -> assertThat(c.outcomes).containsExactly("200 ", "200 "));
        assertThat(received).hasSize(16);
        assertThat(clientPorts).hasSize(8);
    }
}
