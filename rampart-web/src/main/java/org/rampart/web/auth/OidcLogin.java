package org.rampart.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Login through an OpenID Connect provider: the authorization code flow with PKCE (S256), {@code state} and
 * {@code nonce}. The provider is discovered from its issuer URL at the first login (and again after a failure), so
 * Rampart starts while the provider is down. The ID token's signature is checked against the provider's JWKS, and its
 * issuer, audience, expiry and nonce; the role comes from one claim through a configured value-to-role map, and a user
 * whose claim maps to no role is refused. The user gets an external account (no password) keyed by issuer and subject.
 */
public final class OidcLogin {
    /** How long calls to the provider may take: a hung provider must not hold a login request forever. */
    private static final int TIMEOUT_MILLIS = 5_000;
    /** Largest discovery document or JWKS read from the provider. */
    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    private static final Pattern TRANSACTION = Pattern.compile("([A-Za-z0-9_-]{43})\\.([A-Za-z0-9_-]{43})\\.([A-Za-z0-9_-]{43})");

    /**
     * The {@code auth.oidc.*} keys.
     *
     * @param issuer       the provider's issuer URL; its discovery document is {@code <issuer>/.well-known/openid-configuration}
     * @param clientId     Rampart's client id at the provider
     * @param clientSecret Rampart's client secret at the provider (never logged)
     * @param redirectUri  where the provider sends the browser back: this server's {@code /login/oidc/callback} as the
     *                     browser reaches it, registered at the provider
     * @param scopes       scopes asked for besides {@code openid}
     * @param nameClaim    the claim naming the account
     * @param roleClaim    the claim holding the role values (a string or a list of strings), e.g. {@code groups}
     * @param roles        for each role, the claim values that grant it; the highest granted role wins
     */
    public record Settings(URI issuer, String clientId, String clientSecret, URI redirectUri, List<String> scopes,
                           String nameClaim, String roleClaim, Map<Role, Set<String>> roles) {
        public Settings {
            if (!"https".equals(issuer.getScheme()) && !"http".equals(issuer.getScheme())) {
                throw new IllegalArgumentException("auth.oidc.issuer must be the provider's issuer URL (https://...); it was '"
                        + issuer + "'");
            }
            if (clientId.isBlank() || clientSecret.isBlank()) {
                throw new IllegalArgumentException("OIDC login needs auth.oidc.client_id and auth.oidc.client_secret (or"
                        + " RAMPART_AUTH_OIDC_CLIENT_SECRET) when auth.oidc.issuer is set");
            }
            if (!redirectUri.isAbsolute() || !redirectUri.getPath().endsWith("/login/oidc/callback")) {
                throw new IllegalArgumentException("auth.oidc.redirect_uri must be the absolute URL of this server's"
                        + " /login/oidc/callback as browsers reach it; it was '" + redirectUri + "'");
            }
            if (roles.values().stream().allMatch(Set::isEmpty)) {
                throw new IllegalArgumentException("OIDC login maps no " + roleClaim + " value to a role: set at least one"
                        + " of auth.oidc.roles.viewer, auth.oidc.roles.analyst, auth.oidc.roles.admin");
            }
            roles = Map.copyOf(new EnumMap<>(roles));
            scopes = List.copyOf(scopes);
        }

        @Override
        public String toString() {
            return "Settings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***, redirectUri=" + redirectUri
                    + "]";
        }
    }

    /**
     * A login under way, between the redirect to the provider and the callback; the browser keeps it (as a cookie) so
     * the callback can only complete the login that this browser started.
     */
    public record Started(URI authorizationUri, String transaction) {}

    /** A login the provider or the checks refused: {@code status} 401, or 403 when the user maps to no role. */
    public static final class Refused extends Exception {
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The provider cannot be reached or answered nonsense (the reply is 502, not a refusal of the user). */
    public static final class ProviderUnavailable extends Exception {
        ProviderUnavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** What the provider says and the checks accepted. */
    private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

    private final Settings settings;
    private final Accounts accounts;
    private volatile Provider provider;

    public OidcLogin(Settings settings, Accounts accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    /** Starts a login: where to send the browser, and the transaction it must bring back to the callback. */
    public Started start() throws ProviderUnavailable {
        OIDCProviderMetadata metadata = provider().metadata();
        State state = new State(Secrets.random(32));
        Nonce nonce = new Nonce(Secrets.random(32));
        CodeVerifier verifier = new CodeVerifier(Secrets.random(32));
        Scope scope = new Scope("openid");
        settings.scopes().forEach(scope::add);
        URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(settings.clientId()),
                settings.redirectUri())
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        return new Started(uri, state.getValue() + "." + nonce.getValue() + "." + verifier.getValue());
    }

    /**
     * Completes a login from the callback's {@code code} and {@code state} and the browser's {@code transaction}:
     * exchanges the code, checks the ID token, maps the role, and creates or updates the external account.
     */
    public Accounts.Account complete(String transaction, String code, String state)
            throws Refused, ProviderUnavailable, SQLException {
        Matcher t = transaction == null ? null : TRANSACTION.matcher(transaction);
        if (t == null || !t.matches()) {
            throw new Refused(401, "no OIDC login was started in this browser, or it took too long: start again at"
                    + " GET /login/oidc");
        }
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                t.group(1).getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(401, "the state does not match the login this browser started: start again at GET /login/oidc");
        }
        if (code == null || code.isBlank()) {
            throw new Refused(401, "the provider sent no authorization code");
        }
        Provider p = provider();
        JWT idToken = exchange(p.metadata(), code, new CodeVerifier(t.group(3)));
        IDTokenClaimsSet claims;
        try {
            claims = p.validator().validate(idToken, new Nonce(t.group(2)));
        } catch (BadJOSEException e) {
            throw new Refused(401, "the ID token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new ProviderUnavailable("cannot check the ID token against the provider's keys: " + e.getMessage(), e);
        }
        Role role = roleOf(claims.getClaim(settings.roleClaim()))
                .orElseThrow(() -> new Refused(403, "no value of the claim '" + settings.roleClaim()
                        + "' grants a Rampart role; ask an admin to map one (auth.oidc.roles.*)"));
        Object name = claims.getClaim(settings.nameClaim());
        if (!(name instanceof String n) || n.isBlank()) {
            throw new Refused(403, "the ID token has no '" + settings.nameClaim() + "' claim to name the account");
        }
        try {
            return accounts.signInExternal(claims.getIssuer().getValue(), claims.getSubject().getValue(), n, role);
        } catch (IllegalArgumentException e) {
            throw new Refused(403, "the '" + settings.nameClaim() + "' claim cannot name an account: " + e.getMessage());
        }
    }

    /** The highest role any value of the role claim grants. */
    private Optional<Role> roleOf(Object claim) {
        Collection<?> values = claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
        Set<String> held = new HashSet<>();
        values.forEach(v -> held.add(String.valueOf(v)));
        Role best = null;
        for (Map.Entry<Role, Set<String>> grant : settings.roles().entrySet()) {
            if (grant.getValue().stream().anyMatch(held::contains) && (best == null || grant.getKey().includes(best))) {
                best = grant.getKey();
            }
        }
        return Optional.ofNullable(best);
    }

    private JWT exchange(OIDCProviderMetadata metadata, String code, CodeVerifier verifier)
            throws Refused, ProviderUnavailable {
        ClientID clientId = new ClientID(settings.clientId());
        Secret secret = new Secret(settings.clientSecret());
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        // client_secret_basic is the default when the provider lists none (OpenID Connect Discovery 1.0, section 3).
        ClientAuthentication auth = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                ? new ClientSecretPost(clientId, secret) : new ClientSecretBasic(clientId, secret);
        HTTPRequest request = new TokenRequest(metadata.getTokenEndpointURI(), auth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), settings.redirectUri(), verifier)).toHTTPRequest();
        request.setConnectTimeout(TIMEOUT_MILLIS);
        request.setReadTimeout(TIMEOUT_MILLIS);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(request.send());
        } catch (IOException | ParseException e) {
            throw new ProviderUnavailable("the provider's token endpoint failed: " + e.getMessage(), e);
        }
        if (!response.indicatesSuccess()) {
            throw new Refused(401, "the provider refused the authorization code: "
                    + response.toErrorResponse().getErrorObject().getCode());
        }
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    }

    /** The provider's metadata and token checks, discovered once; a failed discovery is tried again next time. */
    private Provider provider() throws ProviderUnavailable {
        Provider p = provider;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (provider == null) {
                provider = discover();
            }
            return provider;
        }
    }

    private Provider discover() throws ProviderUnavailable {
        OIDCProviderMetadata metadata;
        URL jwks;
        try {
            // resolve() also checks that the document names the configured issuer.
            metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
            jwks = metadata.getJWKSetURI().toURL();
        } catch (IOException | GeneralException | RuntimeException e) {
            throw new ProviderUnavailable("cannot discover the OIDC provider " + settings.issuer() + ": " + e.getMessage(), e);
        }
        // Only the asymmetric algorithms the provider offers: never 'none', never HMAC keyed with the client secret.
        Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.SIGNATURE);
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs();
        algorithms.retainAll(offered == null ? List.of(JWSAlgorithm.RS256) : offered);
        if (algorithms.isEmpty()) {
            throw new ProviderUnavailable("the OIDC provider signs ID tokens only with " + offered
                    + "; Rampart accepts RSA, EC and EdDSA signatures", null);
        }
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks,
                new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_DOCUMENT_BYTES)).build();
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                new JWSVerificationKeySelector<>(algorithms, keys), null);
        return new Provider(metadata, validator);
    }
}
