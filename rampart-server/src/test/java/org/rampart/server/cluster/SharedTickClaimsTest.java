package org.rampart.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rampart.alerts.schedule.TickClaims;
import org.rampart.event.config.RampartConfig;
import org.rampart.query.contract.MutableClock;
import org.rampart.web.state.StateDatabase;

/** Two nodes' claims on one PostgreSQL database: one node per tick, and a dead node's tick taken over once. */
class SharedTickClaimsTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant TICK = Instant.parse("2026-12-06T10:00:00Z");

    private final MutableClock clock = new MutableClock(TICK.plusMillis(20));
    private PostgresDatabase database;
    private StateDatabase state;
    private SharedTickClaims a;
    private SharedTickClaims b;
    private SharedTickClaims c;

    @BeforeEach
    void open() throws Exception {
        database = new PostgresDatabase();
        state = PostgresState.of(RampartConfig.load(null, Map.of()).with(Map.of("state.type", "postgresql",
                "state.url", database.url(), "state.user", "postgres"))).open(4);
        a = new SharedTickClaims(state, "a", LEASE, clock);
        b = new SharedTickClaims(state, "b", LEASE, clock);
        c = new SharedTickClaims(state, "c", LEASE, clock);
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
        c.close();
        state.close();
        database.close();
    }

    @Test
    void oneNodePerTickAndTheNextTickIsFreeAgain() {
        Optional<TickClaims.Claim> first = a.claim("bruteforce", TICK);
        assertThat(first).isPresent();
        assertThat(b.claim("bruteforce", TICK)).as("the same tick on another node").isEmpty();
        assertThat(b.claim("other", TICK)).as("another alert's tick").isPresent();
        first.get().finished();
        assertThat(b.claim("bruteforce", TICK)).as("a finished tick is not run again").isEmpty();
        assertThat(b.claim("bruteforce", TICK.plusSeconds(60))).as("the next tick").isPresent();
    }

    @Test
    void aTickWhoseNodeDiedMidRunIsTakenOverByExactlyOneNodeAfterTheLease() {
        assertThat(a.claim("bruteforce", TICK)).isPresent();
        a.close(); // node a dies mid-run: its lease is no longer renewed, the tick never finished

        assertThat(b.takeOver(Set.of("bruteforce"))).as("within the lease").isEmpty();
        clock.advance(LEASE.plusSeconds(1));
        List<TickClaims.Claim> takenByB = b.takeOver(Set.of("bruteforce"));
        List<TickClaims.Claim> takenByC = c.takeOver(Set.of("bruteforce"));
        assertThat(takenByB).extracting(TickClaims.Claim::due).containsExactly(TICK);
        assertThat(takenByC).as("taken over once").isEmpty();

        takenByB.getFirst().finished();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(c.takeOver(Set.of("bruteforce"))).as("done is done").isEmpty();
    }

    @Test
    void aTickIsNotTakenOverBeforeItIsDue() {
        Instant next = TICK.plusSeconds(60);
        assertThat(a.claim("bruteforce", next)).isPresent();
        a.close();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(b.takeOver(Set.of("bruteforce"))).as("lease over, tick still ahead").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(b.takeOver(Set.of("bruteforce"))).extracting(TickClaims.Claim::due).containsExactly(next);
    }

    @Test
    void aNodeOnlyTakesOverTheAlertsItSchedules() {
        assertThat(a.claim("only-on-a", TICK)).isPresent();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(b.takeOver(Set.of("bruteforce"))).isEmpty();
        assertThat(b.takeOver(Set.of("only-on-a"))).hasSize(1);
    }
}
