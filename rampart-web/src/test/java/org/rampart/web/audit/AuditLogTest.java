package org.rampart.web.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.Json;
import org.rampart.query.contract.MutableClock;
import org.rampart.web.state.StateDatabase;

/** The audit log on a real H2 file: newest first, paged by id, attacker-sized values bounded. */
class AuditLogTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private StateDatabase state;
    private AuditLog audit;

    @BeforeEach
    void open() {
        state = StateDatabase.openEmbedded(dir);
        audit = new AuditLog(state, clock);
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void pagesAreNewestFirstAndChainByTheLastId() throws Exception {
        for (int i = 0; i < 5; i++) {
            audit.record(AuditLog.Entry.of("alice", "incident.status", "incident-" + i, Json.object().put("to", "closed")));
            clock.advance(Duration.ofSeconds(1));
        }
        List<AuditLog.Entry> first = audit.page(null, 2);
        assertThat(first).extracting(AuditLog.Entry::target).containsExactly("incident-4", "incident-3");
        assertThat(first.get(0).occurredAt().toInstant()).isEqualTo(Instant.parse("2026-11-23T10:00:04Z"));
        assertThat(first.get(0).details().path("to").asText()).isEqualTo("closed");
        assertThat(audit.page(first.getLast().id(), 2)).extracting(AuditLog.Entry::target)
                .containsExactly("incident-2", "incident-1");
        assertThat(audit.page(null, 500)).hasSize(5);
        assertThatThrownBy(() -> audit.page(null, 501)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oversizedValuesAreCutAndDetailsStayJson() throws Exception {
        audit.record(AuditLog.Entry.of("x".repeat(1000), "login.failed", "y".repeat(10_000),
                Json.object().put("address", "z".repeat(10_000))));
        AuditLog.Entry e = audit.page(null, 1).getFirst();
        assertThat(e.actor()).hasSize(128).endsWith("…");
        assertThat(e.target()).hasSize(256).endsWith("…");
        assertThat(e.details().path("truncated").asText()).startsWith("{\"address\":\"zzz");
    }

    @Test
    void anEntryRecordedInARolledBackTransactionIsGone() throws Exception {
        assertThatThrownBy(() -> state.inTransaction(c -> {
            audit.record(c, AuditLog.Entry.of("alice", "account.add", "bob", Json.object()));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(audit.page(null, 10)).isEmpty();
    }
}
