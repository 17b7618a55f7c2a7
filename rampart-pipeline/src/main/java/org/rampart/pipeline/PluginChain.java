package org.rampart.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.rampart.event.extension.Extensions;
import org.rampart.event.extension.Registered;
import org.rampart.event.extension.Registration;
import org.rampart.event.extension.RegistrationIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's plugin dispatch (mq/lib/plugins.py): plugins run in ascending priority (ties by name, as MozDef's
 * module listing ordered them) when their {@link Registration} matches the event as it is when their turn comes.
 * Thread-safe when the plugins are; one chain serves every worker.
 */
public final class PluginChain {
    private static final Logger LOG = LoggerFactory.getLogger(PluginChain.class);

    private final EventPlugin[] plugins;
    private final RegistrationIndex registrations;
    private final LongAdder failures = new LongAdder();
    /** One timer per plugin, made before any event runs so timing one allocates nothing; null when not timed. */
    private final Timer[] timers;

    private PluginChain(List<EventPlugin> sorted, Timer[] timers) {
        plugins = sorted.toArray(EventPlugin[]::new);
        registrations = RegistrationIndex.of(sorted.stream().map(p -> Registration.of(p.registration())).toList());
        this.timers = timers;
    }

    /** The same plugins, each call timed into {@code registry} as {@code rampart_plugin_seconds{plugin=<name>}}. */
    public PluginChain timedIn(MeterRegistry registry) {
        Timer[] perPlugin = new Timer[plugins.length];
        for (int i = 0; i < plugins.length; i++) {
            perPlugin[i] = Timer.builder("rampart.plugin").description("time in each event plugin's onMessage")
                    .tag("plugin", plugins[i].name()).register(registry);
        }
        return new PluginChain(List.of(plugins), perPlugin);
    }

    /** A chain of plugins that are already configured, ordered by priority then name. */
    public static PluginChain of(Collection<? extends EventPlugin> plugins) {
        List<EventPlugin> sorted = new ArrayList<>(plugins);
        sorted.sort(Comparator.comparingInt(EventPlugin::priority).thenComparing(EventPlugin::name));
        return new PluginChain(sorted, null);
    }

    /**
     * The event plugins of the registry (bundled and drop-in) but the {@code disabled} names, configured with
     * {@code context}. A plugin whose configuration fails is left out and logged.
     */
    public static PluginChain load(Extensions extensions, PluginContext context, Set<String> disabled) {
        List<EventPlugin> enabled = new ArrayList<>();
        for (Registered<EventPlugin> registered : extensions.all(EventPlugin.KIND)) {
            EventPlugin p = registered.extension();
            if (disabled.contains(p.name())) {
                continue;
            }
            try {
                if (p.registration() == null) {
                    throw new IllegalStateException("its registration() is null; return a list of terms, or \"*\"");
                }
                Registration.of(p.registration());
                p.configure(context);
                enabled.add(p);
            } catch (RuntimeException e) {
                LOG.error("plugin {} ({}) left out: its configuration failed", p.name(), registered.origin(), e);
            }
        }
        return of(enabled);
    }

    /**
     * Runs the event through the matching plugins; returns the resulting event, or null when a plugin dropped it.
     * A plugin that throws is logged and counted, and the event goes on as it was before that plugin.
     *
     * <p>This form copies the event once before any plugin runs, so that a failure can go back to it; the workers
     * use {@link #process(ObjectNode, EventMetadata, Supplier)}, which rebuilds it only when a plugin fails.
     */
    public ObjectNode process(ObjectNode event, EventMetadata metadata) {
        ObjectNode pristine = event.deepCopy();
        return process(event, metadata, pristine::deepCopy);
    }

    /**
     * As {@link #process(ObjectNode, EventMetadata)}, with {@code restart} giving a fresh copy of {@code event} as it
     * was when the chain started (the workers rebuild it from the journaled bytes).
     *
     * <p>Plugins change the event in place, so "as it was" needs the event before the chain. Rather than a copy
     * before every plugin, or one before the first, the chain asks {@code restart} for it on a failure and replays
     * the chain from it without the failed plugin: the plugins before it are deterministic functions of the event
     * and its context, and a failure is rare while every event would pay for copies. (A plugin with an outside
     * effect, such as triage_bot's REST call, makes that call again on a replay.)
     */
    public ObjectNode process(ObjectNode event, EventMetadata metadata, Supplier<ObjectNode> restart) {
        String index = metadata.index();
        String id = metadata.id();
        String docType = metadata.docType();
        boolean[] failed = null;
        RegistrationIndex.Seen seen = registrations.seen();
        int[] ran = new int[plugins.length];
        int ranCount = 0;
        boolean stale = true;
        for (int i = 0; i < plugins.length; i++) {
            if (failed != null && failed[i]) {
                continue;
            }
            if (!registrations.matchesAll(i)) {
                if (stale) {
                    seen.clear();
                    // Only this plugin and later ones are asked about until the event changes again.
                    seen.collectFor(event, i);
                    stale = false;
                }
                if (!seen.matches(i)) {
                    continue;
                }
            }
            ObjectNode out;
            long started = timers == null ? 0 : System.nanoTime();
            try {
                out = plugins[i].onMessage(event, metadata);
            } catch (RuntimeException | StackOverflowError e) {
                failures.increment();
                LOG.error("plugin {} failed; the event goes on without it", plugins[i].name(), e);
                if (failed == null) {
                    failed = new boolean[plugins.length];
                }
                failed[i] = true;
                event = restart.get();
                metadata.index(index);
                metadata.id(id);
                metadata.docType(docType);
                ranCount = 0;
                stale = true;
                i = -1;
                continue;
            }
            if (timers != null) {
                timers[i].record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            if (out == null) {
                return null;
            }
            event = out;
            stale = true;
            ran[ranCount++] = i;
        }
        if (!event.has("mozdef")) {
            ArrayNode names = event.putObject("mozdef").putArray("plugins");
            for (int r = 0; r < ranCount; r++) {
                names.add(plugins[ran[r]].name());
            }
        }
        return event;
    }

    /** The plugins in the order they run. */
    public List<EventPlugin> plugins() {
        return List.of(plugins);
    }

    /** How many plugin calls have thrown since this chain was made. */
    public long failures() {
        return failures.sum();
    }
}
