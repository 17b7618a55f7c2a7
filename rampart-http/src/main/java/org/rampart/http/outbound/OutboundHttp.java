package org.rampart.http.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.rampart.event.ip.OutboundTargets;

/**
 * The HTTP client for calls Rampart makes on its own (alert actions, REST lookups), which cannot be turned against
 * Rampart's own network: every connection, redirects included, goes only to addresses {@link OutboundTargets}
 * permits, resolved once and connected to as resolved (no second lookup a rebinding DNS server could answer
 * differently). A refused target fails the request with {@link OutboundTargets.RefusedTargetException} as its cause.
 * Replies are read up to a bound. Its threads are daemons: it needs no closing.
 */
public final class OutboundHttp {
    private final HttpClient client;

    /** A reply: its status and body, at most the bound asked for; {@code truncated} when the body was longer. */
    public record Reply(int status, byte[] body, boolean truncated) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * @param targets         which addresses may be connected to
     * @param connectTimeout  how long a connection may take to open
     * @param followRedirects whether to follow redirects (each hop is checked against {@code targets} as well)
     */
    public OutboundHttp(OutboundTargets targets, Duration connectTimeout, boolean followRedirects) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("rampart-outbound-http");
        threads.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("rampart-outbound-http-scheduler", true));
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setFollowRedirects(followRedirects);
        client.setSocketAddressResolver((host, port, context, promise) -> {
            try {
                promise.succeeded(targets.resolve(host).stream().map(a -> new InetSocketAddress(a, port)).toList());
            } catch (IOException | RuntimeException e) {
                promise.failed(e);
            }
        });
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the outbound HTTP client", e);
        }
    }

    /**
     * Where a request goes, for messages and logs: scheme, host and port, never the user info, path or query, which
     * may be the secret (a Slack webhook's path is its credential).
     */
    public static String target(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /**
     * Sends {@code method uri} with {@code body} (null for none) and {@code headers}, waits at most {@code timeout}
     * for the reply's headers, and reads at most {@code maxReplyBytes} of its body.
     *
     * @throws IOException if the request fails (a refused target, no connection, a timeout)
     */
    public Reply exchange(String method, URI uri, byte[] body, Map<String, String> headers, Duration timeout,
                          int maxReplyBytes) throws IOException, InterruptedException {
        Request request = client.newRequest(uri).method(method).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        request.headers(h -> headers.forEach(h::put));
        if (body != null) {
            request.body(new BytesRequestContent(headers.getOrDefault("Content-Type", "application/octet-stream"), body));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new IOException(method + " " + target(uri) + ": no reply within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(method + " " + target(uri) + " failed: " + cause.getMessage(), cause);
        }
        try (InputStream in = listener.getInputStream()) {
            byte[] bytes = in.readNBytes(maxReplyBytes + 1);
            boolean truncated = bytes.length > maxReplyBytes;
            if (truncated) {
                response.abort(new IOException("reply over " + maxReplyBytes + " bytes"));
                bytes = Arrays.copyOf(bytes, maxReplyBytes);
            }
            return new Reply(response.getStatus(), bytes, truncated);
        }
    }
}
