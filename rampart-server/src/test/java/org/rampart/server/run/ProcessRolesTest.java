package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rampart.event.config.RampartConfig;

class ProcessRolesTest {
    private static ProcessRoles roles(Map<String, String> keys) {
        return ProcessRoles.of(RampartConfig.load(null, Map.of()).with(keys));
    }

    @Test
    void byDefaultOneProcessRunsEverythingOnItsJournal() {
        ProcessRoles roles = roles(Map.of());
        assertThat(roles.roles()).containsExactlyInAnyOrder(ProcessRoles.Role.values());
        assertThat(roles.transport()).isEqualTo(ProcessRoles.Transport.EMBEDDED);
    }

    @Test
    void theEmbeddedJournalKeepsIntakeAndWorkerTogether() {
        assertThatThrownBy(() -> roles(Map.of("roles", "intake"))).hasMessageContaining("transport: rabbitmq");
        assertThatThrownBy(() -> roles(Map.of("roles", "worker,web"))).hasMessageContaining("go together");
        assertThat(roles(Map.of("roles", "web,scheduler")).needsStore()).isTrue();
    }

    @Test
    void withRabbitmqEachRunsAlone() {
        ProcessRoles intake = roles(Map.of("roles", "intake", "transport", "rabbitmq"));
        assertThat(intake.needsStore()).as("an intake node opens no store").isFalse();
        assertThat(roles(Map.of("roles", "worker", "transport", "RabbitMQ")).has(ProcessRoles.Role.WORKER)).isTrue();
    }

    @Test
    void unknownNamesSayWhatIsKnown() {
        assertThatThrownBy(() -> roles(Map.of("roles", "intake,ingest"))).hasMessageContaining("\"ingest\"")
                .hasMessageContaining("scheduler");
        assertThatThrownBy(() -> roles(Map.of("transport", "kafka"))).hasMessageContaining("embedded, rabbitmq");
        assertThatThrownBy(() -> roles(Map.of("roles", ""))).hasMessageContaining("at least one");
    }
}
