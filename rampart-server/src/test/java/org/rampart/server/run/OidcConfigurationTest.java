package org.rampart.server.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rampart.event.config.RampartConfig;
import org.rampart.web.auth.OidcLogin;
import org.rampart.web.auth.Role;

/** The {@code auth.oidc.*} keys: off by default, the secret from the environment, incomplete settings refused at start. */
class OidcConfigurationTest {
    private static final Map<String, String> PROVIDER = Map.of(
            "auth.oidc.issuer", "https://id.example.org/realms/soc",
            "auth.oidc.client_id", "rampart",
            "auth.oidc.redirect_uri", "https://rampart.example.org/login/oidc/callback",
            "auth.oidc.roles.analyst", "soc-analysts, soc-oncall",
            "auth.oidc.roles.admin", "soc-admins");

    @Test
    void oidcLoginIsOffWithoutAnIssuer() {
        assertThat(RampartServer.security(RampartConfig.load(null, Map.of())).oidc()).isNull();
    }

    @Test
    void theKeysBecomeTheSettingsWithTheSecretFromTheEnvironment() {
        RampartConfig config = RampartConfig.load(null, Map.of("RAMPART_AUTH_OIDC_CLIENT_SECRET", "s3cret")).with(PROVIDER);

        OidcLogin.Settings oidc = RampartServer.security(config).oidc();

        assertThat(oidc.issuer()).isEqualTo(URI.create("https://id.example.org/realms/soc"));
        assertThat(oidc.clientSecret()).isEqualTo("s3cret");
        assertThat(oidc.roleClaim()).isEqualTo("groups");
        assertThat(oidc.roles()).containsEntry(Role.VIEWER, Set.of())
                .containsEntry(Role.ANALYST, Set.of("soc-analysts", "soc-oncall"))
                .containsEntry(Role.ADMIN, Set.of("soc-admins"));
        assertThat(oidc.toString()).doesNotContain("s3cret");
    }

    @Test
    void anIssuerThatIsNoUrlIsRefusedAtStart() {
        RampartConfig config = RampartConfig.load(null, Map.of("RAMPART_AUTH_OIDC_CLIENT_SECRET", "s3cret")).with(PROVIDER)
                .with(Map.of("auth.oidc.issuer", "id.example.org"));

        assertThatThrownBy(() -> RampartServer.security(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.oidc.issuer");
    }

    @Test
    void anIssuerWithoutAClientSecretIsRefusedAtStart() {
        RampartConfig config = RampartConfig.load(null, Map.of()).with(PROVIDER);

        assertThatThrownBy(() -> RampartServer.security(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth.oidc.client_secret");
    }
}
