package org.rampart.alerts.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which scheduler runs an alert's tick when several run (nodes of a cluster on shared state): each tick of each alert
 * is claimed by one node, and a tick whose node died before finishing it is taken over by another. {@link #ALONE}, the
 * default, claims every tick: one scheduler, nobody to share with.
 */
public interface TickClaims {

    /** One scheduler alone: every tick is its own, nothing is ever taken over. */
    TickClaims ALONE = new TickClaims() {
        @Override
        public Optional<Claim> claim(String alert, Instant due) {
            return Optional.of(new Claim() {
                @Override
                public String alert() {
                    return alert;
                }

                @Override
                public Instant due() {
                    return due;
                }

                @Override
                public void finished() {}
            });
        }

        @Override
        public List<Claim> takeOver(Set<String> alerts) {
            return List.of();
        }
    };

    /** This node's claim of {@code alert}'s tick due at {@code due}, or empty when another node has it. */
    Optional<Claim> claim(String alert, Instant due);

    /** Ticks of {@code alerts} that another node claimed and did not finish in time (it died): now this node's to run. */
    List<Claim> takeOver(Set<String> alerts);

    /** A tick this node runs. */
    interface Claim {
        String alert();

        Instant due();

        /** The run ended (successfully or not): the tick is done and never runs again. */
        void finished();
    }
}
