package org.rampart.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rampart.web.audit.AuditLog;
import org.rampart.web.auth.Role;
import org.rampart.web.lists.ListItems;

/** The block lists as plain text for firewalls and DNS (MozDef's createIPBlockList and createFQDNBlockList). */
class BlockListTextTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private ListItems lists;

    @BeforeEach
    void start() throws Exception {
        rest = new RestFixture(dir);
        lists = new ListItems(rest.state, new AuditLog(rest.state, rest.clock), rest.clock);
        rest.addAccount("vera", Role.VIEWER);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    @Test
    void theUnexpiredEntriesOneALineForAnyCaller() throws Exception {
        add(ListItems.Kind.IP_BLOCKLIST, "1.2.3.4/32", Duration.ofDays(1));
        add(ListItems.Kind.IP_BLOCKLIST, "8.8.8.0/24", Duration.ofHours(1));
        add(ListItems.Kind.IP_BLOCKLIST, "2001:4860::8888/128", Duration.ofDays(1));
        add(ListItems.Kind.FQDN_BLOCKLIST, "evil.example.com", Duration.ofDays(1));

        HttpResponse<String> ips = rest.send("GET", "/blocklist/ip.txt", null, rest.serviceToken());
        assertThat(ips.statusCode()).isEqualTo(200);
        assertThat(ips.headers().firstValue("Content-Type").orElseThrow()).matches("text/plain; ?charset=utf-8");
        assertThat(ips.body().lines()).containsExactlyInAnyOrder("1.2.3.4/32", "8.8.8.0/24", "2001:4860::8888/128");
        assertThat(ips.body()).endsWith("\n");

        RestFixture.Session vera = rest.login("vera");
        HttpResponse<String> names = rest.send("GET", "/blocklist/fqdn.txt", null, "Cookie", vera.cookie());
        assertThat(names.statusCode()).isEqualTo(200);
        assertThat(names.body()).isEqualTo("evil.example.com\n");

        rest.clock.advance(Duration.ofHours(2));
        assertThat(rest.send("GET", "/blocklist/ip.txt", null, rest.serviceToken()).body().lines())
                .as("the expired network is gone").containsExactlyInAnyOrder("1.2.3.4/32", "2001:4860::8888/128");
    }

    @Test
    void anEntryThatWouldBreakTheLineFormatIsLeftOut() throws Exception {
        add(ListItems.Kind.FQDN_BLOCKLIST, "evil.example.com\n0.0.0.0", Duration.ofDays(1));
        add(ListItems.Kind.FQDN_BLOCKLIST, "bad.example.org", Duration.ofDays(1));
        assertThat(rest.send("GET", "/blocklist/fqdn.txt", null, rest.serviceToken()).body()).isEqualTo("bad.example.org\n");
    }

    @Test
    void withoutACredentialItIs401() throws Exception {
        HttpResponse<String> r = rest.send("GET", "/blocklist/ip.txt", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(RestFixture.json(r).path("error").asText()).contains("authentication required");
    }

    private void add(ListItems.Kind kind, String item, Duration lifetime) throws Exception {
        lists.add(kind, new ListItems.Entry(item, lifetime, null, null, "test"), false);
    }
}
