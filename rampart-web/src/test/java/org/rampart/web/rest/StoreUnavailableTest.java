package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.event.config.DataLayout;
import org.rampart.query.ForwardingEventStore;
import org.rampart.query.SearchQuery;
import org.rampart.query.StoreUnavailableException;
import org.rampart.store.lucene.LuceneEventStore;
import org.rampart.web.auth.ApiToken;
import org.rampart.web.auth.LoginThrottle;
import org.rampart.web.auth.Sessions;
import org.rampart.web.state.StateDatabase;

/** A store that is unavailable (its engine stopped) makes the REST API answer 503 with Retry-After, never 500. */
class StoreUnavailableTest {
    @TempDir
    Path dir;

    @Test
    void anUnavailableStoreIs503WithRetryAfter() throws Exception {
        Clock clock = Clock.systemUTC();
        ApiToken token = ApiToken.loadOrCreate(DataLayout.under(dir).apiToken());
        try (LuceneEventStore lucene = LuceneEventStore.open(dir.resolve("store"), clock);
             StateDatabase state = StateDatabase.openEmbedded(DataLayout.under(dir).state());
             RestServer server = RestServer.start(new RestServer.Settings("127.0.0.1", 0, new StoppedEngine(lucene),
                     state, token, clock, new RestServer.Security(new Sessions.Timeouts(Duration.ofMinutes(30),
                     Duration.ofHours(12)), new LoginThrottle.Limits(5, 20, Duration.ofMinutes(15)), false)))) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/query/count")).header("Authorization", "Bearer "
                    + token.value()).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                    .ofString("{\"minutes\": 5}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Retry-After")).isPresent();
            assertThat(reply.body()).contains("the event store is unavailable");
        }
    }

    /** The real store behind an engine that has stopped: a count fails as the OpenSearch store's would. */
    private static final class StoppedEngine extends ForwardingEventStore {
        StoppedEngine(LuceneEventStore delegate) {
            super(delegate);
        }

        @Override
        public long count(SearchQuery query, List<String> indices) {
            throw new StoreUnavailableException("no OpenSearch node answered (test)");
        }
    }
}
