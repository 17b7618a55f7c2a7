package org.rampart.store.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.rampart.event.Json;
import org.rampart.event.datadir.PrivateFiles;
import org.rampart.query.spi.SnapshotFolder;
import org.rampart.query.IndexRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of a cluster store. The cluster copies the index files into one of its snapshot repositories (an
 * {@code fs} repository on a shared folder, S3, ...; registered by the operator, named by
 * {@code store.opensearch.snapshot_repository}); Rampart's snapshot folder holds a pointer to that snapshot,
 * {@value #POINTER}. A store opened on a folder with a pointer restores the snapshot's indices it does not have,
 * renamed to its own prefix, then marks the pointer restored, so it happens once.
 */
final class ClusterSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSnapshots.class);
    static final String POINTER = "opensearch-snapshot.json";
    private static final String RESTORED = "opensearch-snapshot.restored.json";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private ClusterSnapshots() {}

    static void create(OpenSearchClient client, String repository, String prefix, List<String> indices, Path target,
                       Clock clock, LongConsumer copiedBytes) {
        if (repository.isEmpty()) {
            throw new IllegalArgumentException("an OpenSearch store snapshots through the cluster: register a snapshot"
                    + " repository on it (PUT _snapshot/NAME, e.g. type fs on a folder in every node's path.repo) and"
                    + " set store.opensearch.snapshot_repository to NAME");
        }
        SnapshotFolder.prepare(target);
        String name = (prefix + "rampart-" + NAME_TIME.format(clock.instant()) + "-" + IndexRequest.newId())
                .toLowerCase(Locale.ROOT);
        if (!indices.isEmpty()) {
            ObjectNode body = Json.object();
            body.put("indices", String.join(",", indices));
            body.put("include_global_state", false);
            body.put("ignore_unavailable", true);
            JsonNode reply = client.expect(client.put("/_snapshot/" + repository + "/" + name
                    + "?wait_for_completion=true", body), "snapshot into repository " + repository);
            String state = reply.path("snapshot").path("state").asText();
            if (!state.equals("SUCCESS")) {
                throw new IllegalStateException("the OpenSearch snapshot " + name + " ended " + state + ": "
                        + reply.path("snapshot").path("failures"));
            }
            JsonNode status = client.expect(client.get("/_snapshot/" + repository + "/" + name + "/_status"),
                    "read the status of snapshot " + name);
            copiedBytes.accept(status.path("snapshots").path(0).path("stats").path("total").path("size_in_bytes")
                    .asLong());
        }
        ObjectNode pointer = Json.object();
        pointer.put("repository", repository);
        pointer.put("snapshot", name);
        pointer.put("prefix", prefix);
        indices.forEach(pointer.putArray("indices")::add);
        write(target.resolve(POINTER), pointer);
    }

    /**
     * Restores the snapshot {@code folder}'s pointer names, if any and not yet restored: each index of it this store
     * does not have, renamed from the snapshot's prefix to {@code prefix}.
     */
    static void restoreIfPending(OpenSearchClient client, Path folder, String prefix) {
        Path pointerFile = folder == null ? null : folder.resolve(POINTER);
        if (pointerFile == null || !Files.isRegularFile(pointerFile)) {
            return;
        }
        JsonNode pointer;
        try {
            pointer = Json.MAPPER.readTree(pointerFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot pointer " + pointerFile, e);
        }
        String from = pointer.path("prefix").asText();
        Set<String> present = new HashSet<>();
        for (JsonNode row : client.expect(client.get("/_cat/indices/" + prefix + "*?format=json&h=index"
                + "&expand_wildcards=open,closed"), "list the indices")) {
            present.add(row.path("index").asText());
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode index : pointer.path("indices")) {
            String renamed = prefix + index.asText().substring(from.length());
            if (!present.contains(renamed)) {
                missing.add(index.asText());
            }
        }
        if (!missing.isEmpty()) {
            ObjectNode body = Json.object();
            body.put("indices", String.join(",", missing));
            body.put("include_global_state", false);
            body.put("include_aliases", false);
            body.put("rename_pattern", "^" + Pattern.quote(from) + "(.+)$");
            body.put("rename_replacement", prefix.replace("$", "\\$") + "$1");
            String snapshot = pointer.path("repository").asText() + "/" + pointer.path("snapshot").asText();
            JsonNode reply = client.expect(client.post("/_snapshot/" + snapshot + "/_restore?wait_for_completion=true",
                    body), "restore snapshot " + snapshot);
            LOG.info("restored {} indices of OpenSearch snapshot {}", reply.path("snapshot").path("indices").size(),
                    snapshot);
        }
        try {
            Files.move(pointerFile, folder.resolve(RESTORED));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the snapshot pointer " + pointerFile + " restored", e);
        }
    }

    private static void write(Path file, JsonNode json) {
        try {
            Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            PrivateFiles.restrictToOwner(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
