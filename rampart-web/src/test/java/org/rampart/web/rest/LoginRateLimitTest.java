package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.auth.Role;

/** Failed logins are limited per account and per client address: 429 with Retry-After, until the window passes. */
class LoginRateLimitTest {
    private static final int PER_ACCOUNT = 3;
    private static final int PER_ADDRESS = 5;

    @TempDir
    Path dir;

    private RestFixture rest;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir, PER_ACCOUNT, PER_ADDRESS, false);
        rest.addAccount("alice", Role.VIEWER);
        rest.addAccount("bob", Role.VIEWER);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void failuresForOneAccountBlockItEvenWithTheRightPasswordUntilTheWindowPasses() throws Exception {
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertThat(rest.login("alice", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = rest.login("alice", RestFixture.passwordOf("alice"));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(RestFixture.json(blocked).path("error").asText()).contains("too many failed logins");
        assertThat(blocked.headers().firstValue("Retry-After")).hasValue(String.valueOf(RestFixture.WINDOW.toSeconds()));
        assertThat(blocked.headers().firstValue("Set-Cookie")).isEmpty();

        rest.clock.advance(RestFixture.WINDOW.minusMinutes(5));
        assertThat(rest.login("alice", RestFixture.passwordOf("alice")).headers().firstValue("Retry-After"))
                .hasValue(String.valueOf(Duration.ofMinutes(5).toSeconds()));
        rest.clock.advance(Duration.ofMinutes(5));
        assertThat(rest.login("alice", RestFixture.passwordOf("alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownAccountIsLimitedTheSameWay() throws Exception {
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertThat(rest.login("nobody", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(rest.login("nobody", "wrong-password").statusCode()).isEqualTo(429);
    }

    @Test
    void failuresFromOneAddressAcrossAccountsBlockTheAddress() throws Exception {
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertThat(rest.login("guess" + i, "wrong-password").statusCode()).isEqualTo(401);
        }
        // bob never failed, but this address did too often.
        assertThat(rest.login("bob", RestFixture.passwordOf("bob")).statusCode()).isEqualTo(429);
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() throws Exception {
        for (int i = 0; i < PER_ACCOUNT - 1; i++) {
            rest.login("alice", "wrong-password-" + i);
        }
        assertThat(rest.login("alice", RestFixture.passwordOf("alice")).statusCode()).isEqualTo(200);
        for (int i = 0; i < PER_ACCOUNT - 1; i++) {
            assertThat(rest.login("alice", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(rest.login("alice", RestFixture.passwordOf("alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void failedLoginsAreAudited() throws Exception {
        rest.login("alice", "wrong-password");
        HttpResponse<String> audit = rest.send("GET", "/audit", null, rest.serviceToken());
        assertThat(RestFixture.json(audit).path("entries").get(0).path("action").asText()).isEqualTo("login.failed");
        assertThat(RestFixture.json(audit).path("entries").get(0).path("target").asText()).isEqualTo("alice");
        assertThat(RestFixture.json(audit).path("entries").get(0).path("details").path("address").asText()).isEqualTo("127.0.0.1");
    }
}
