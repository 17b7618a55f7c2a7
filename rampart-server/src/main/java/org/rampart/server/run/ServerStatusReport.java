package org.rampart.server.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.rampart.event.Json;
import org.rampart.event.extension.ExtensionKind;
import org.rampart.event.extension.Extensions;
import org.rampart.event.extension.Registered;
import org.rampart.intake.http.IntakeServer;
import org.rampart.intake.journal.Journal;
import org.rampart.intake.journal.JournalHealth;
import org.rampart.pipeline.worker.PipelineWorkers;
import org.rampart.query.EventStore;
import org.rampart.query.StorePartition;
import org.rampart.server.extensions.ExtensionKinds;
import org.rampart.ui.ServerStatus;

/**
 * The running server as the web UI's health page shows it: intake and store counters, journal, partitions, plugins
 * (the page reads the scheduled alerts from the API, {@code /api/alertschedules}). A part this process does not run (its role is elsewhere, or the transport is RabbitMQ) is null here and
 * absent from the report.
 */
record ServerStatusReport(IntakeServer intake, PipelineWorkers workers, Journal journal, EventStore store,
                          Extensions extensions) implements ServerStatus {
    @Override
    public ObjectNode snapshot() {
        ObjectNode out = Json.object();
        if (intake != null) {
            out.put("intakeAccepted", intake.metrics().accepted());
        }
        if (workers != null) {
            out.put("stored", workers.indexed()).put("dropped", workers.dropped());
        }
        if (journal != null) {
            JournalHealth health = journal.health();
            out.put("journalUnconsumedBytes", journal.unconsumedBytes());
            out.putObject("journal").put("refusingAppends", health.refusingAppends())
                    .put("quarantinedRecords", health.quarantinedRecords()).put("reason", health.reason());
        }
        ArrayNode partitions = out.putArray("partitions");
        for (StorePartition p : store == null ? List.<StorePartition>of() : store.partitions()) {
            partitions.addObject().put("name", p.name()).put("sizeBytes", p.sizeBytes());
        }
        ArrayNode plugins = out.putArray("plugins");
        for (ExtensionKind<?> kind : ExtensionKinds.ALL) {
            for (Registered<?> r : extensions.all(kind)) {
                plugins.addObject().put("kind", kind.name()).put("name", r.name()).put("origin", r.origin());
            }
        }
        return out;
    }
}
