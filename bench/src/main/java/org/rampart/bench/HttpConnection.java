package org.rampart.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 keep-alive connection, one request at a time (no pipelining). A raw socket instead of
 * java.net.http.HttpClient, because on 2 cores shared with the server every client cycle counts and
 * one connection per sender thread keeps the connection count exact.
 */
final class HttpConnection implements Closeable {
    /** Replies are read whole; a broken or hostile server must not make the load generator run out of memory. */
    static final int MAX_BODY = 64 << 20;
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** How long a reply may keep the client waiting: between two reads here, for the whole reply in HttpLoop. */
    static final int REPLY_TIMEOUT_MILLIS = 60_000;
    private static final int MAX_LINE = 16 << 10;

    private final String host;
    private final int port;
    private final StringBuilder fixedHeaders = new StringBuilder();
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A connection to the host and port of {@code uri}. */
    static HttpConnection to(URI uri) {
        return new HttpConnection(uri.getHost(), port(uri));
    }

    /** The port of an {@code http://} URL, 80 when it names none; other schemes are refused. */
    static int port(URI uri) {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs are supported, got " + uri);
        }
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }

    /** Sends this header with every request (e.g. {@code Authorization}); returns this connection. */
    HttpConnection withHeader(String name, String value) {
        if ((name + value).contains("\r") || (name + value).contains("\n")) {
            throw new IllegalArgumentException("a header name or value cannot contain a line break: " + name);
        }
        fixedHeaders.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** A reply: status, headers (lowercase names) and the whole body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends one request and reads its reply; connects (again) when needed. On I/O failure the connection is closed. */
    Response send(String method, String path, String contentType, byte[] body) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            writeRequest(method, path, contentType, body);
            Response response = readResponse(in, method);
            if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
                close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        s.setSoTimeout(REPLY_TIMEOUT_MILLIS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 << 10);
        out = new BufferedOutputStream(s.getOutputStream(), 64 << 10);
    }

    private void writeRequest(String method, String path, String contentType, byte[] body) throws IOException {
        out.write(request(host + ':' + port, fixedHeaders, method, path, contentType, body));
        out.flush();
    }

    /** A whole request, head and body, in one array: one write on the wire. */
    static byte[] request(String hostHeader, CharSequence fixedHeaders, String method, String path, String contentType,
                          byte[] body) {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append(fixedHeaders);
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /**
     * Reads one reply from {@code in}. A body with neither a length nor chunks runs to the stream's end, and the reply
     * then says {@code connection: close}. Every shortage of bytes is an {@link EOFException}.
     */
    static Response readResponse(InputStream in, String method) throws IOException {
        return new ResponseReader(in).read(method);
    }

    /** One reply's parse. */
    private static final class ResponseReader {
        private final InputStream in;

        ResponseReader(InputStream in) {
            this.in = in;
        }

        Response read(String method) throws IOException {
            String statusLine = readLine();
            // "HTTP/1.1 200 OK": the code is the second token.
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status code in: " + statusLine, e);
            }
            Map<String, String> headers = new HashMap<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            if (status == 100) {
                return read(method);
            }
            byte[] body;
            if ("HEAD".equals(method) || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = readChunked();
            } else if (headers.containsKey("content-length")) {
                body = readExactly(parseLength(headers.get("content-length")));
            } else {
                body = readToEnd();
                headers.put("connection", "close");
            }
            return new Response(status, headers, body);
        }

        private byte[] readChunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
                int size;
                try {
                    size = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + sizeLine, e);
                }
                if (size == 0) {
                    skipTrailers();
                    return body.toByteArray();
                }
                if (size < 0 || body.size() + (long) size > MAX_BODY) {
                    throw new IOException("reply body larger than " + MAX_BODY + " bytes");
                }
                body.writeBytes(readExactly(size));
                readLine();
            }
        }

        /** Trailer lines up to the empty line that ends a chunked message; no server this bench talks to sends any. */
        private void skipTrailers() throws IOException {
            String line;
            do {
                line = readLine();
            } while (!line.isEmpty());
        }

        private int parseLength(String value) throws IOException {
            try {
                long length = Long.parseLong(value.trim());
                if (length < 0 || length > MAX_BODY) {
                    throw new IOException("unacceptable Content-Length " + value);
                }
                return (int) length;
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length " + value, e);
            }
        }

        private byte[] readExactly(int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new EOFException("connection closed after " + bytes.length + " of " + length + " body bytes");
            }
            return bytes;
        }

        private byte[] readToEnd() throws IOException {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IOException("reply body larger than " + MAX_BODY + " bytes");
            }
            return bytes;
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_LINE) {
                    throw new IOException("header line longer than " + MAX_LINE + " bytes");
                }
                line.append((char) b);
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket can fail; it is gone either way
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
