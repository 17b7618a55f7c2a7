package org.rampart.web.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rampart.event.Json;
import org.rampart.web.state.TriageChains;

/** MozDef's {@code /alerttriagechain}: the triage bot's duplicate chains, with MozDef's replies and messages. */
final class TriageChainRoutes {
    private final TriageChains chains;

    TriageChainRoutes(TriageChains chains) {
        this.chains = chains;
    }

    void get(Context ctx) throws SQLException {
        String alert = ctx.queryParam("alert");
        String user = ctx.queryParam("user");
        if (alert == null || alert.isEmpty() || user == null || user.isEmpty()) {
            RestServer.reply(ctx, 400, chainReply("Request missing `alert` or `user` field", List.of(), null));
            return;
        }
        Optional<TriageChains.Chain> chain = chains.find(alert, user);
        if (chain.isEmpty()) {
            // MozDef's message, typo included: bots match on it.
            RestServer.reply(ctx, 200, chainReply("Did not find requested duplicate chian", List.of(), null));
            return;
        }
        RestServer.reply(ctx, 200, chainReply(null, chain.get().identifiers(), chain.get()));
    }

    void post(Context ctx) throws SQLException {
        Request r = request(ctx);
        if (r != null) {
            chains.create(r.alert(), r.user(), identifiers(r.body()));
            RestServer.reply(ctx, 200, error(null));
        }
    }

    void put(Context ctx) throws SQLException {
        Request r = request(ctx);
        if (r == null) {
            return;
        }
        if (!chains.append(r.alert(), r.user(), identifiers(r.body()))) {
            RestServer.reply(ctx, 400, error("Did not find requested duplicate chain"));
            return;
        }
        RestServer.reply(ctx, 200, error(null));
    }

    void delete(Context ctx) throws SQLException {
        Request r = request(ctx);
        if (r != null) {
            chains.delete(r.alert(), r.user());
            RestServer.reply(ctx, 200, error(null));
        }
    }

    /** A body naming a chain. */
    private record Request(JsonNode body, String alert, String user) {}

    /** The request's chain, or null after answering MozDef's 400 for a bad body or a missing alert/user. */
    private static Request request(Context ctx) {
        JsonNode body = body(ctx);
        if (body == null) {
            return null;
        }
        String alert = text(body, "alert");
        String user = text(body, "user");
        if (alert == null || user == null) {
            RestServer.reply(ctx, 400, error("Request missing required key `alert` or `user`"));
            return null;
        }
        return new Request(body, alert, user);
    }

    private ObjectNode chainReply(String error, List<String> identifiers, TriageChains.Chain chain) {
        ObjectNode reply = error(error);
        identifiers.forEach(reply.putArray("identifiers")::add);
        if (identifiers.isEmpty()) {
            reply.putArray("identifiers");
        }
        reply.put("created", RestServer.isoformat(chain == null ? chains.now() : chain.created()));
        reply.put("modified", RestServer.isoformat(chain == null ? chains.now() : chain.modified()));
        return reply;
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (Exception e) {
            // falls through to MozDef's reply for a bad body
        }
        RestServer.reply(ctx, 400, error("Missing or invalid request body"));
        return null;
    }

    private static String text(JsonNode body, String key) {
        JsonNode value = body.get(key);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static List<String> identifiers(JsonNode body) {
        JsonNode ids = body.get("identifiers");
        List<String> out = new ArrayList<>();
        if (ids == null || ids.isNull()) {
            return out;
        }
        if (!ids.isArray() || ids.size() > 10_000) {
            throw new IllegalArgumentException("identifiers must be a list of at most 10000 strings");
        }
        ids.forEach(id -> out.add(id.asText()));
        return out;
    }

    private static ObjectNode error(String message) {
        ObjectNode reply = Json.object();
        if (message == null) {
            reply.putNull("error");
        } else {
            reply.put("error", message);
        }
        return reply;
    }
}
