package org.rampart.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.rampart.event.Json;
import org.rampart.event.config.RampartConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rampart search}: a query-string search against the running server's query API, for people. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search stored events with a Lucene query string, e.g. rampart search 'summary:failed' --minutes 15")
final class SearchCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "QUERY", description = "Lucene query string, e.g. 'category:syslog AND details.program:sshd'.")
    String query;

    @Option(names = "--minutes", defaultValue = "60", description = "Search window ending now (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--size", defaultValue = "100", description = "At most this many hits (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--url", description = "The REST API (default: http://<bind>:<rest.port> from the configuration).")
    URI url;

    @Option(names = "--token", description = "API token (default: $RAMPART_API_TOKEN, else <data.dir>/api-token).")
    String token;

    @Option(names = "--index", paramLabel = "NAME",
            description = "Index or alias to search, repeatable, e.g. --index alerts (default: events, events-previous).")
    List<String> indices;

    @Option(names = "--json", description = "Print MozDef's result JSON.")
    boolean json;

    @Option(names = "--count", description = "Print only the number of matching events.")
    boolean count;

    @Override
    public Integer call() throws Exception {
        RampartConfig cfg = config.load();
        URI base = url != null ? url : URI.create("http://" + cfg.string("bind") + ":" + cfg.integer("rest.port"));
        ObjectNode body = Json.object();
        body.put("minutes", minutes);
        body.putArray("must").addObject().put("query_string", query);
        body.put("size", size);
        if (indices != null) {
            indices.forEach(body.putArray("indices")::add);
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(count ? "/query/count" : "/query"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ServerToken.of(token, cfg))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> reply;
        try {
            reply = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("rampart search: nothing answers at " + base + " — is Rampart running (./rampart run)?");
            return 2;
        }
        if (reply.statusCode() != 200) {
            System.err.println("rampart search: " + reply.statusCode() + " " + reply.body());
            return 1;
        }
        JsonNode result = Json.MAPPER.readTree(reply.body());
        if (count) {
            System.out.println(result.path("count").asLong());
        } else if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } else {
            for (JsonNode hit : result.path("hits")) {
                JsonNode e = hit.path("_source");
                System.out.printf("%s  %-24s %-10s %s%n", e.path("utctimestamp").asText(), e.path("hostname").asText(),
                        e.path("category").asText(), TerminalText.oneLine(e.path("summary").asText()));
            }
            System.err.println(result.path("hits").size() + " hit(s)");
        }
        return 0;
    }
}
