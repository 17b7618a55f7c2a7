package org.rampart.web.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.rampart.event.Json;
import org.rampart.web.auth.Role;
import org.rampart.web.lists.ListItems;
import org.rampart.web.lists.ListPlugin;
import org.rampart.web.rest.spi.RestPlugin;

/**
 * MozDef's REST plugins and the routes that dispatch to them: {@code /blockip}, {@code /blockfqdn}, {@code /watchitem}
 * (answered by the plugins registered for them, the bundled block lists and watchlist first), {@code /ipwhois} and
 * {@code /ipdshieldquery} (503 unless a lookup plugin is configured for them), {@code /plugins},
 * {@code /plugins/<endpoint>}, {@code /getwatchlist}, and {@code /lists/{list}} (a list's entries with their fields).
 */
final class PluginRoutes {
    /** The endpoints whose routes dispatch to plugins (MozDef's POST routes that do nothing else), and their roles. */
    private static final List<Dispatched> DISPATCHED = List.of(new Dispatched("blockip", Role.ANALYST, false),
            new Dispatched("blockfqdn", Role.ANALYST, false), new Dispatched("watchitem", Role.ANALYST, false),
            new Dispatched("ipwhois", Role.VIEWER, true), new Dispatched("ipdshieldquery", Role.VIEWER, true));

    /** A dispatching route; a lookup needs the internet, so without a plugin (no endpoint configured) it answers 503. */
    private record Dispatched(String endpoint, Role role, boolean lookup) {}

    private final List<RestPlugin> plugins;
    private final ListItems lists;

    private PluginRoutes(List<RestPlugin> plugins, ListItems lists) {
        this.plugins = plugins;
        this.lists = lists;
    }

    /** Registers the routes: the bundled plugins over {@code lists}, then {@code dropIns}, in that listing order. */
    static void register(RouteTable table, ListItems lists, List<RestPlugin> dropIns) {
        List<RestPlugin> all = new ArrayList<>(ListPlugin.bundled(lists));
        all.addAll(dropIns);
        PluginRoutes routes = new PluginRoutes(List.copyOf(all), lists);
        for (Dispatched d : DISPATCHED) {
            table.add(HandlerType.POST, "/" + d.endpoint(), d.role(), ctx -> routes.dispatch(ctx, d));
        }
        table.add(HandlerType.GET, "/plugins", Role.VIEWER, ctx -> routes.list(ctx, null));
        table.add(HandlerType.GET, "/plugins/{endpoint}", Role.VIEWER, ctx -> routes.list(ctx, ctx.pathParam("endpoint")));
        table.add(HandlerType.GET, "/getwatchlist", Role.VIEWER, routes::watchlist);
        table.add(HandlerType.GET, "/lists/{list}", Role.VIEWER, routes::entries);
    }

    /** MozDef's dispatch: an empty 200, then every plugin registered for the endpoint by ascending priority. */
    private void dispatch(Context ctx, Dispatched route) throws Exception {
        String endpoint = route.endpoint();
        RestPlugin.Reply reply = new RestPlugin.Reply(200, "text/html; charset=UTF-8", "");
        RestPlugin.Request request = new RestPlugin.Request(endpoint, ctx.body(), RouteTable.caller(ctx).actor());
        List<RestPlugin> matching = plugins.stream().filter(p -> p.registration().contains(endpoint))
                .sorted(Comparator.comparingInt(RestPlugin::priority)).toList();
        if (matching.isEmpty() && route.lookup()) {
            RestServer.error(ctx, 503, "not configured");
            return;
        }
        for (RestPlugin plugin : matching) {
            plugin.onMessage(request, reply);
        }
        reply.headers().forEach(ctx::header);
        ctx.status(reply.status()).contentType(reply.contentType()).result(reply.body());
    }

    private void list(Context ctx, String endpoint) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (RestPlugin p : plugins) {
            if (endpoint == null || p.registration().contains(endpoint)) {
                ObjectNode entry = out.addObject().put("file", "plugins." + p.name().toLowerCase(Locale.ROOT))
                        .put("name", p.name()).put("description", p.description());
                p.registration().forEach(entry.putArray("registration")::add);
                entry.put("priority", p.priority());
            }
        }
        RestServer.reply(ctx, 200, out);
    }

    private void watchlist(Context ctx) throws Exception {
        ArrayNode out = Json.MAPPER.createArrayNode();
        lists.current(ListItems.Kind.WATCHLIST).forEach(out::add);
        RestServer.reply(ctx, 200, out);
    }

    /** {@code GET /lists/{list}}: a block list's or the watchlist's unexpired entries with every field, newest first. */
    private void entries(Context ctx) throws Exception {
        String name = ctx.pathParam("list");
        ListItems.Kind kind = ListItems.Kind.named(name).orElseThrow(() -> new NoSuchElementException(
                "no list " + (name.length() > 32 ? name.substring(0, 32) + "…" : name)
                        + "; the lists are ipblocklist, fqdnblocklist and watchlist"));
        ObjectNode out = Json.object().put("list", kind.id());
        ArrayNode items = out.putArray("items");
        for (ListItems.Stored e : lists.unexpired(kind)) {
            items.addObject().put("item", e.item()).put("dateAdded", RestServer.isoformat(e.added()))
                    .put("dateExpiring", RestServer.isoformat(e.expiring())).put("comment", e.comment())
                    .put("creator", e.creator()).put("reference", e.reference());
        }
        RestServer.reply(ctx, 200, out);
    }
}
