package org.rampart.web.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rampart.alerts.AlertSink;
import org.rampart.event.Json;
import org.rampart.query.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one live event stream ({@code GET /events/stream}, server-sent events): new alerts, alert status changes,
 * incident changes and schedule runs, as they happen. Publishing never waits for a subscriber: each has its own bounded
 * queue written by its own request thread, and one that falls that far behind is disconnected (its client reconnects
 * and re-reads) rather than slowing the alert saver or silently missing events.
 */
public final class LiveEvents implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    /** Most subscribers at once; more are refused with 503. */
    public static final int MAX_SUBSCRIBERS = 256;
    /** Events a subscriber may be behind before it is disconnected. */
    static final int QUEUE = 1024;
    /** A comment is sent this often when nothing happens, so proxies keep the connection and dead clients are noticed. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long {@link #close} waits for the streams to end before the server under them stops. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** One event: its type (the SSE event name), a JSON object, and an increasing id. */
    record Event(long id, String type, ObjectNode data) {}

    /** What a subscriber's queue receives when the server closes: its stream ends at once. */
    private static final Event END = new Event(0, "end", Json.object());

    private static final class Subscriber {
        final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE + 1);
        volatile boolean overflowed;
    }

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    /** Where this node's events also go, for the subscribers of other nodes (cluster mode); none by default. */
    @FunctionalInterface
    public interface Relay {
        /** Passes the event on; must not throw, and should not wait long (it runs on the publisher's thread). */
        void send(String type, ObjectNode data);
    }

    private volatile Relay relay = (type, data) -> {};

    /** What this node does about an event type another node published, besides showing it to its subscribers. */
    private record Reaction(String type, Consumer<ObjectNode> action) {}

    private final List<Reaction> reactions = new CopyOnWriteArrayList<>();

    /** Also passes every event published here to {@code relay}. */
    public void relayTo(Relay relay) {
        this.relay = relay;
    }

    /**
     * Runs {@code action} on each {@code type} event another node publishes (cluster mode), on the relay's thread, so
     * this node can follow a change made there; it should be quick and must not throw.
     */
    public void onRelayed(String type, Consumer<ObjectNode> action) {
        reactions.add(new Reaction(type, action));
    }

    /** Sends {@code data} as a {@code type} event to every subscriber, here and (through the relay) on other nodes. */
    public void publish(String type, ObjectNode data) {
        toSubscribers(type, data);
        relay.send(type, data);
    }

    /** What another node published: to this node's subscribers, and to what {@link #onRelayed} registered. */
    public void deliver(String type, ObjectNode data) {
        toSubscribers(type, data);
        for (Reaction reaction : reactions) {
            if (reaction.type().equals(type)) {
                reaction.action().accept(data);
            }
        }
    }

    private void toSubscribers(String type, ObjectNode data) {
        Event event = new Event(ids.incrementAndGet(), type, data);
        for (Subscriber s : subscribers) {
            if (s.queue.size() >= QUEUE || !s.queue.offer(event)) {
                s.overflowed = true;
            }
        }
    }

    /** How many clients are subscribed now. */
    public int subscribers() {
        return subscribers.size();
    }

    /** True when another subscriber may join. */
    public boolean hasRoom() {
        return subscribers.size() < MAX_SUBSCRIBERS;
    }

    /** Streams events to {@code client} until it goes away or falls behind; runs on the client's request thread. */
    public void serve(SseClient client) {
        Subscriber subscriber = new Subscriber();
        subscribers.add(subscriber);
        // When the server learns the client went away, the wait ends at once: nothing is written to a finished
        // response (which Javalin and Jetty would log as a warning).
        client.onClose(() -> subscriber.queue.offer(END));
        try {
            client.sendComment("connected");
            while (!closed && !client.terminated() && !subscriber.overflowed) {
                Event event = subscriber.queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (event == END || client.terminated()) {
                    break;
                }
                if (event == null) {
                    client.sendComment("heartbeat");
                } else {
                    client.sendEvent(event.type(), event.data().toString(), String.valueOf(event.id()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The client went away while an event was being written: Jetty may already have recycled the response.
            LOG.debug("a live stream subscriber went away", e);
        } finally {
            subscribers.remove(subscriber);
            closeQuietly(client);
        }
    }

    private static void closeQuietly(SseClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a live stream whose response is gone", e);
        }
    }

    /** Ends every subscriber's stream, as the server stops. */
    public void close() {
        closed = true;
        // The spare slot of each queue is for this, so it is never refused.
        subscribers.forEach(s -> s.queue.offer(END));
        // A stream that ends after Jetty stopped finds its response recycled, and Javalin reports that as a cascade of
        // warnings: let the streams end first.
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            while (!subscribers.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A saved alert: its id, index and the fields a list shows. */
    @Override
    public void alertSaved(StoredDocument alert) {
        ObjectNode data = Json.object().put("id", alert.id()).put("index", alert.index());
        for (String field : new String[] {"utctimestamp", "category", "severity", "summary", "classname"}) {
            if (alert.source().has(field)) {
                data.set(field, alert.source().get(field));
            }
        }
        publish("alert", data);
    }
}
