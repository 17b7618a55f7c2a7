package org.rampart.intake.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * What Elasticsearch shippers ask before they send {@code _bulk} requests: the cluster-info document, a
 * {@code HEAD /} liveness check, the cluster health (also as {@code _cat/health}), and index-template installs
 * (acknowledged, not kept: the store's own mapping decides how events are indexed). The document is the one OpenSearch gives in its
 * compatibility mode (version 7.10.2, distribution opensearch): Elasticsearch clients accept that version without
 * Elastic's product header, and OpenSearch clients find the fields they require.
 */
final class ElasticsearchProbes {
    private static final String CLUSTER_INFO = """
            {"name":"rampart","cluster_name":"rampart","cluster_uuid":"rampart-intake",\
            "version":{"distribution":"opensearch","number":"7.10.2","build_flavor":"oss","build_type":"tar",\
            "build_hash":"747e1cc71def077253878a59143c1f785afa92b9","build_date":"2021-01-13T00:42:12.435326Z",\
            "build_snapshot":false,"lucene_version":"8.7.0","minimum_wire_compatibility_version":"6.8.0",\
            "minimum_index_compatibility_version":"6.0.0-beta1"},"tagline":"You Know, for Search"}""";
    private static final String HEALTH = """
            {"cluster_name":"rampart","status":"green","timed_out":false,"number_of_nodes":1,\
            "number_of_data_nodes":1,"active_primary_shards":1,"active_shards":1,"relocating_shards":0,\
            "initializing_shards":0,"unassigned_shards":0,"delayed_unassigned_shards":0,\
            "number_of_pending_tasks":0,"number_of_in_flight_fetch":0,"task_max_waiting_in_queue_millis":0,\
            "active_shards_percent_as_number":100.0}""";
    private static final String CAT_HEALTH = "0 00:00:00 rampart green 1 1 1 1 0 0 0 0 - 100.0%\n";
    private static final List<String> TEMPLATE_PATHS = List.of("/_template/{name}", "/_index_template/{name}",
            "/_component_template/{name}");

    private ElasticsearchProbes() {}

    /** Adds the probe routes; {@code templatePut} handles a template install (it has a body, so the token applies). */
    static void register(RoutesConfig routes, Handler templatePut) {
        routes.get("/", ctx -> ctx.contentType("application/json").result(CLUSTER_INFO));
        routes.head("/", ctx -> ctx.contentType("application/json"));
        routes.get("/_cluster/health", ElasticsearchProbes::health);
        routes.get("/_cluster/health/{index}", ElasticsearchProbes::health);
        // rsyslog's omelasticsearch checks this before it sends; it reads the status only.
        routes.get("/_cat/health", ctx -> ctx.contentType("text/plain").result(CAT_HEALTH));
        for (String path : TEMPLATE_PATHS) {
            routes.put(path, templatePut);
            routes.post(path, templatePut);
        }
    }

    /** The reply to an index-template install: acknowledged, as the shipper expects before it sends events. */
    static void acknowledge(Context ctx) {
        ctx.contentType("application/json").result("{\"acknowledged\":true}");
    }

    private static void health(Context ctx) {
        ctx.contentType("application/json").result(HEALTH);
    }
}
