package org.rampart.alerts.actions;

import org.rampart.event.ip.OutboundTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rampart.alerts.actions.AlertTriageRequest.Confidence;
import org.rampart.alerts.actions.RecordingServer.Reply;
import org.rampart.alerts.actions.RecordingServer.Request;
import org.rampart.event.Json;
import org.rampart.event.extension.Extensions;
import org.rampart.query.contract.MutableClock;

/**
 * The triage_bot action against real local HTTP servers standing in for the OAuth token endpoint, the Person API,
 * Rampart's REST API (its duplicate chains) and AWS Lambda (reached through the AWS SDK's own client).
 */
class TriageBotActionTest {
    /** The tests\' stand-in services listen on loopback, which actions reach only when allowed. */
    static final OutboundTargets LOCAL = OutboundTargets.allowing(List.of("127.0.0.1", "::1"));


    private static final String SECRET = "client-s3cret";
    private static final String BOT_FUNCTION = "MozDefSlackTriageBotAPI-SlackTriageBotApiFunction-1A2B3C";
    /** Lambda's REST paths: the list, and each function under it. */
    private static final String FUNCTIONS = "/2015-03-31/functions";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final AtomicInteger tokensIssued = new AtomicInteger();
    /** Duplicate chains as the REST API keeps them: "label|user" → identifiers. */
    private final Map<String, List<String>> chains = new ConcurrentHashMap<>();
    private volatile List<String> deployedFunctions = List.of("SomethingElse", BOT_FUNCTION);
    private volatile int failWith;

    private RecordingServer oauth;
    private RecordingServer people;
    private RecordingServer rest;
    private RecordingServer lambda;

    @BeforeEach
    void startServices() throws IOException {
        oauth = new RecordingServer(r -> failWith == 1 ? new Reply(500, "{}")
                : new Reply(200, "{\"access_token\": \"token-" + tokensIssued.incrementAndGet() + "\"}"));
        people = new RecordingServer(r -> failWith == 2 ? new Reply(500, "{}") : profile(r.path()));
        rest = new RecordingServer(r -> failWith == 3 ? new Reply(500, "{}") : chainRoute(r));
        lambda = new RecordingServer(r -> failWith == 4 && r.method().equals("POST")
                ? new Reply(500, "{\"message\": \"boom\"}") : lambdaRoute(r));
    }

    @AfterEach
    void stopServices() {
        List.of(oauth, people, rest, lambda).forEach(RecordingServer::close);
    }

    // --- the stand-ins -------------------------------------------------------------------------------------------

    private static Reply profile(String path) {
        if (path.equals("/v2/user/primary_username/tester") || path.equals("/v2/user/primary_email/tester@mozilla.com")) {
            return new Reply(200, """
                    {"primary_email": {"value": "tester@mozilla.com"},
                     "usernames": {"values": {"HACK#SLACK": "tester_slack", "LDAP-posix_id": "tester"}}}""");
        }
        if (path.equals("/v2/user/primary_email/blank@mozilla.com")) {
            return new Reply(200, "{\"primary_email\": {\"value\": null}}");
        }
        return new Reply(404, "{}");
    }

    /** Rampart's /alerttriagechain replies (rampart-web TriageChainRoutes). */
    private Reply chainRoute(Request r) {
        if (!List.of("Bearer rest-token").equals(r.headers().get("Authorization"))) {
            return new Reply(401, "{}");
        }
        switch (r.method()) {
            case "GET" -> {
                List<String> ids = chains.get(r.query().get("alert") + "|" + r.query().get("user"));
                ObjectNode reply = Json.object();
                if (ids == null) {
                    reply.put("error", "Did not find requested duplicate chian");
                    reply.putArray("identifiers");
                } else {
                    reply.putNull("error");
                    ids.forEach(reply.putArray("identifiers")::add);
                }
                return new Reply(200, reply.toString());
            }
            case "POST" -> {
                chains.put(key(r.body()), new ArrayList<>(identifiers(r.body())));
                return new Reply(200, "{\"error\": null}");
            }
            case "PUT" -> {
                List<String> ids = chains.get(key(r.body()));
                if (ids == null) {
                    return new Reply(400, "{\"error\": \"Did not find requested duplicate chain\"}");
                }
                ids.addAll(identifiers(r.body()));
                return new Reply(200, "{\"error\": null}");
            }
            default -> {
                return new Reply(405, "{}");
            }
        }
    }

    private Reply lambdaRoute(Request r) {
        if (r.method().equals("GET") && r.path().equals(FUNCTIONS)) {
            ObjectNode reply = Json.object();
            ArrayNode functions = reply.putArray("Functions");
            deployedFunctions.forEach(name -> functions.addObject().put("FunctionName", name));
            return new Reply(200, reply.toString());
        }
        if (r.method().equals("POST") && r.path().endsWith("/invocations")) {
            return new Reply(202, "");
        }
        return new Reply(404, "{}");
    }

    private static String key(JsonNode body) {
        return body.path("alert").asText() + "|" + body.path("user").asText();
    }

    private static List<String> identifiers(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("identifiers").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    // --- configuration and alerts --------------------------------------------------------------------------------

    /** MozDef's triage_bot.json with the services pointed at the stand-ins. */
    private ObjectNode config() {
        ObjectNode config = (ObjectNode) Json.MAPPER.valueToTree(Map.of(
                "enabled_alert_classnames", List.of("AlertGenericLoader:ssh_open_crit", "AlertAuthSignRelengSSH",
                        "AlertGenericLoader:duosecurity_bypass_generated", "AlertGenericLoader:duosecurity_bypass_used"),
                "oauth_url", oauth.uri("/oauth/token").toString(),
                "person_api_base", people.uri("").toString(),
                "person_api_audience", "api.sso.mozilla.com",
                "person_api_scope", "classification:public display:all",
                "person_api_grants", "client_credentials",
                "token_validity_window_minutes", 1080,
                "person_api_client_id", "clientid",
                "person_api_client_secret", SECRET));
        config.put("slack_bot_function_name_prefix", "MozDefSlackTriageBotAPI-SlackTriageBotApiFunction");
        config.put("l_fn_name_validity_window_seconds", 86400);
        config.put("aws_access_key_id", "AKIDEXAMPLE");
        config.put("aws_secret_access_key", "aws-s3cret");
        config.put("aws_region", "us-west-2");
        config.put("aws_lambda_function", "test_fn");
        config.put("aws_endpoint", lambda.uri("").toString());
        config.put("mozdef_restapi_url", rest.uri("").toString());
        config.put("mozdef_restapi_token", "rest-token");
        return config;
    }

    private TriageBotAction action() {
        return action(c -> {});
    }

    private TriageBotAction action(Consumer<ObjectNode> change) {
        ObjectNode config = config();
        change.accept(config);
        return TriageBotAction.Provider.create(config, clock, LOCAL);
    }

    /** An alert message with one sample event. */
    private static ObjectNode alert(String id, String classname, String summary, String event) {
        ObjectNode message = Json.object();
        message.put("_id", id);
        message.put("_index", "alerts-202611");
        ObjectNode source = message.putObject("_source");
        source.put("summary", summary);
        source.put("classname", classname);
        source.putArray("tags").add("ssh");
        ObjectNode ref = source.putArray("events").addObject();
        ref.put("documentindex", "events-20261123");
        ref.put("documentid", "e-" + id);
        try {
            ref.set("documentsource", Json.MAPPER.readTree(event));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return message;
    }

    private static ObjectNode sensitiveHostLogin(String id, String username) {
        return alert(id, "AlertGenericLoader:ssh_open_crit", "Session opened on sensitive host by (1): " + username,
                "{\"category\": \"syslog\", \"hostname\": \"crit1.example.org\", \"details\": {\"program\": \"sshd\","
                        + " \"username\": \"" + username + "\"}}");
    }

    private static ObjectNode bypassCodesUsed(String id, String username) {
        return alert(id, "AlertGenericLoader:duosecurity_bypass_used", "DuoSecurity MFA bypass codes used (1): " + username,
                "{\"category\": \"authentication\", \"details\": {\"factor\": \"bypass_code\", \"result\": \"SUCCESS\","
                        + " \"username\": \"" + username + "\"}}");
    }

    private List<JsonNode> invocations() {
        return lambda.requests.stream().filter(r -> r.path().endsWith("/invocations")).map(Request::body).toList();
    }

    // --- registration --------------------------------------------------------------------------------------------

    @Test
    void registersOnTheEnabledClassnamesLowerCased() {
        try (TriageBotAction action = action()) {
            assertThat(action.registration().terms()).containsExactlyInAnyOrder("alertgenericloader:ssh_open_crit",
                    "alertauthsignrelengssh", "alertgenericloader:duosecurity_bypass_generated",
                    "alertgenericloader:duosecurity_bypass_used");
            assertThat(action.registration().matches(sensitiveHostLogin("a1", "tester"))).isTrue();
            assertThat(action.registration().matches(Messages.alert("AlertBruteforceSsh", "WARNING", "x"))).isFalse();
        }
    }

    @Test
    void isFoundByItsTypeAmongTheConfiguredActions() {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        blocks.add(config().put("type", "triage_bot"));
        List<AlertAction> actions = AlertActions.fromConfig(Extensions.bundled(), blocks, LOCAL);
        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("triage_bot");
            ((TriageBotAction) a).close();
        });
    }

    @Test
    void rejectsAConfigurationItCannotActOn() {
        assertThatThrownBy(() -> action(c -> c.putArray("enabled_alert_classnames").add("AlertBruteforceSsh")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AlertBruteforceSsh")
                .hasMessageContaining("supported: AlertGenericLoader:ssh_open_crit");
        assertThatThrownBy(() -> action(c -> c.remove(List.of("slack_bot_function_name_prefix", "aws_lambda_function"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws_lambda_function");
        assertThatThrownBy(() -> action(c -> c.remove("aws_secret_access_key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws_secret_access_key");
        assertThatThrownBy(() -> action(c -> c.remove("mozdef_restapi_token")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mozdef_restapi_token");
    }

    // --- building requests ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AlertGenericLoader:ssh_open_crit              | {"details": {"program": "sshd", "username": "tester"}}                                              | sensitive_host_login       | /v2/user/primary_username/tester
            AlertGenericLoader:ssh_open_crit              | {"summary": "pam_unix(sshd:session): session opened for user tester by (uid=0)", "details": {}}        | sensitive_host_login       | /v2/user/primary_username/tester
            AlertAuthSignRelengSSH                        | {"summary": "Accepted publickey for tester from 10.0.0.1 port 4242 ssh2", "details": {"program": "sshd"}} | ssh_access_sign_releng     | /v2/user/primary_username/tester
            AlertGenericLoader:duosecurity_bypass_generated | {"summary": "bypass_create", "details": {"object": "tester@mozilla.com", "username": "admin@mozilla.com"}} | duo_bypass_codes_generated | /v2/user/primary_email/tester@mozilla.com
            AlertGenericLoader:duosecurity_bypass_used    | {"details": {"factor": "bypass_code", "username": "tester@mozilla.com"}}                              | duo_bypass_codes_used      | /v2/user/primary_email/tester@mozilla.com
            """)
    void eachSupportedAlertBuildsItsRequest(String classname, String event, String label, String lookup) throws Exception {
        try (TriageBotAction action = action()) {
            AlertTriageRequest request = action.request(alert("alert-7", classname, "the summary", event)).orElseThrow();

            assertThat(request.identifier()).isEqualTo("alert-7");
            assertThat(request.alert().label()).isEqualTo(label);
            assertThat(request.summary()).isEqualTo("the summary");
            assertThat(request.user()).isEqualTo(new AlertTriageRequest.User("tester@mozilla.com", "tester_slack"));
            assertThat(request.identityConfidence()).isEqualTo(Confidence.HIGH);
            assertThat(people.requests).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo(lookup);
                assertThat(r.headers().get("Authorization")).containsExactly("Bearer token-1");
            });
        }
    }

    @Test
    void sendsMozDefsRequestToTheBotForANewAlert() throws Exception {
        try (TriageBotAction action = action()) {
            action.deliver(sensitiveHostLogin("alert-1", "tester"));

            assertThat(chains).containsExactly(Map.entry("sensitive_host_login|tester@mozilla.com", List.of("alert-1")));
            assertThat(lambda.requestsTo(FUNCTIONS + "/" + BOT_FUNCTION + "/invocations")).singleElement().satisfies(r -> {
                assertThat(r.headers().get("X-amz-invocation-type")).containsExactly("Event");
                assertThat(r.headers().get("Authorization")).singleElement().asString()
                        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/us-west-2/lambda/aws4_request");
                assertThat(r.body()).isEqualTo(Json.MAPPER.readTree("""
                        {"identifier": "alert-1", "alert": "sensitive_host_login",
                         "summary": "Session opened on sensitive host by (1): tester",
                         "user": {"email": "tester@mozilla.com", "slack": "tester_slack"},
                         "identityConfidence": "high"}"""));
            });
        }
    }

    @Test
    void ignoresAlertsTheBotHasNoQuestionFor() throws Exception {
        try (TriageBotAction action = action(c -> c.putArray("enabled_alert_classnames").add("AlertGenericLoader:ssh_open_crit"))) {
            ObjectNode otherAlert = Messages.alert("AlertBruteforceSsh", "WARNING", "x");
            ((ArrayNode) otherAlert.path("_source").path("tags")).add("alertgenericloader:ssh_open_crit");
            assertThat(action.registration().matches(otherAlert)).isTrue();
            action.deliver(otherAlert);
            // Supported, but not enabled here.
            action.deliver(alert("r1", "AlertAuthSignRelengSSH", "SSH login", "{\"summary\": \"Accepted publickey for tester from 1.2.3.4\"}"));

            assertThat(List.of(oauth, people, rest, lambda)).allSatisfy(s -> assertThat(s.requests).isEmpty());
        }
    }

    @Test
    void anAlertNamingNobodyIsNotSent() throws Exception {
        try (TriageBotAction action = action()) {
            action.deliver(alert("a1", "AlertGenericLoader:ssh_open_crit", "x", "{\"summary\": \"no user here\"}"));
            action.deliver(alert("a2", "AlertGenericLoader:duosecurity_bypass_used", "x",
                    "{\"details\": {\"username\": \"two words\"}}"));

            assertThat(List.of(oauth, people, rest, lambda)).allSatisfy(s -> assertThat(s.requests).isEmpty());
        }
    }

    // --- Person API ----------------------------------------------------------------------------------------------

    @Test
    void fetchesTheTokenOnceAndAgainAfterTheValidityWindow() throws Exception {
        try (TriageBotAction action = action(c -> c.put("token_validity_window_minutes", 60))) {
            action.request(sensitiveHostLogin("a1", "tester"));
            action.request(sensitiveHostLogin("a2", "tester"));
            clock.advance(Duration.ofMinutes(59));
            action.request(sensitiveHostLogin("a3", "tester"));
            assertThat(oauth.requests).hasSize(1);
            assertThat(oauth.requests.getFirst().body()).isEqualTo(Json.MAPPER.readTree("""
                    {"client_id": "clientid", "client_secret": "client-s3cret", "audience": "api.sso.mozilla.com",
                     "scope": "classification:public display:all", "grant_type": "client_credentials"}"""));

            clock.advance(Duration.ofMinutes(1));
            action.request(sensitiveHostLogin("a4", "tester"));

            assertThat(oauth.requests).hasSize(2);
            assertThat(people.requests).extracting(r -> r.headers().get("Authorization").getFirst())
                    .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-1", "Bearer token-2");
        }
    }

    @Test
    void anUnknownUserWithAnAddressIsAskedWithLowConfidence() throws Exception {
        try (TriageBotAction action = action()) {
            action.deliver(bypassCodesUsed("a1", "stranger@mozilla.com"));
            action.deliver(bypassCodesUsed("a2", "blank@mozilla.com")); // an empty profile means unknown too

            assertThat(invocations()).extracting(b -> b.path("user").path("email").asText(),
                    b -> b.path("user").path("slack").asText(), b -> b.path("identityConfidence").asText())
                    .containsExactly(tuple("stranger@mozilla.com", "", "low"), tuple("blank@mozilla.com", "", "low"));
        }
    }

    @Test
    void anUnknownUserWithoutAnAddressIsNotSent() throws Exception {
        try (TriageBotAction action = action()) {
            action.deliver(sensitiveHostLogin("a1", "stranger"));

            assertThat(people.requests).singleElement().extracting(Request::path)
                    .isEqualTo("/v2/user/primary_username/stranger");
            assertThat(rest.requests).isEmpty();
            assertThat(invocations()).isEmpty();
        }
    }

    // --- duplicate chains ----------------------------------------------------------------------------------------

    @Test
    void aDuplicateIsAddedToTheChainAndNotSentAgain() throws Exception {
        try (TriageBotAction action = action()) {
            action.deliver(sensitiveHostLogin("alert-1", "tester"));
            action.deliver(sensitiveHostLogin("alert-2", "tester"));
            action.deliver(bypassCodesUsed("alert-3", "tester@mozilla.com")); // another label: its own chain

            assertThat(chains).containsOnly(
                    Map.entry("sensitive_host_login|tester@mozilla.com", List.of("alert-1", "alert-2")),
                    Map.entry("duo_bypass_codes_used|tester@mozilla.com", List.of("alert-3")));
            assertThat(invocations()).extracting(b -> b.path("identifier").asText()).containsExactly("alert-1", "alert-3");
            assertThat(rest.requests).extracting(Request::method)
                    .containsExactly("GET", "POST", "GET", "PUT", "GET", "POST");
        }
    }

    @Test
    void aRetryAfterTheBotFailedAsksTheBotWithoutTouchingTheChainAgain() throws Exception {
        try (TriageBotAction action = action()) {
            failWith = 4;
            assertThatThrownBy(() -> action.deliver(sensitiveHostLogin("alert-1", "tester")));
            failWith = 0;
            action.deliver(sensitiveHostLogin("alert-1", "tester"));
            action.deliver(sensitiveHostLogin("alert-2", "tester"));
            action.deliver(sensitiveHostLogin("alert-2", "tester")); // a retry after a failure past the append

            assertThat(chains).containsExactly(
                    Map.entry("sensitive_host_login|tester@mozilla.com", List.of("alert-1", "alert-2")));
            // The failed invocation, then the retry's.
            assertThat(invocations()).extracting(b -> b.path("identifier").asText()).containsExactly("alert-1", "alert-1");
        }
    }

    // --- Lambda --------------------------------------------------------------------------------------------------

    @Test
    void findsTheBotByPrefixAndKeepsTheNameForTheWindow() throws Exception {
        try (TriageBotAction action = action(c -> c.put("l_fn_name_validity_window_seconds", 3600))) {
            action.deliver(sensitiveHostLogin("a1", "tester"));
            action.deliver(bypassCodesUsed("a2", "tester@mozilla.com"));
            assertThat(lambda.requests).extracting(Request::method).containsExactly("GET", "POST", "POST");

            deployedFunctions = List.of(BOT_FUNCTION + "-redeployed");
            clock.advance(Duration.ofHours(1));
            action.deliver(bypassCodesUsed("a3", "stranger@mozilla.com"));

            assertThat(lambda.requests).extracting(Request::path).containsExactly(FUNCTIONS,
                    FUNCTIONS + "/" + BOT_FUNCTION + "/invocations", FUNCTIONS + "/" + BOT_FUNCTION + "/invocations",
                    FUNCTIONS, FUNCTIONS + "/" + BOT_FUNCTION + "-redeployed/invocations");
        }
    }

    @Test
    void fallsBackToTheConfiguredFunctionWhenNoneHasThePrefix() throws Exception {
        deployedFunctions = List.of("SomethingElse");
        try (TriageBotAction action = action()) {
            action.deliver(sensitiveHostLogin("a1", "tester"));
            assertThat(lambda.requestsTo(FUNCTIONS + "/test_fn/invocations")).hasSize(1);
        }
        try (TriageBotAction action = action(c -> c.remove("aws_lambda_function"))) {
            assertThatThrownBy(() -> action.deliver(bypassCodesUsed("a2", "tester@mozilla.com")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("MozDefSlackTriageBotAPI");
        }
    }

    @Test
    void withoutAPrefixTheConfiguredFunctionIsInvokedWithoutListing() throws Exception {
        try (TriageBotAction action = action(c -> c.remove("slack_bot_function_name_prefix"))) {
            action.deliver(sensitiveHostLogin("a1", "tester"));
            assertThat(lambda.requests).extracting(Request::path).containsExactly(FUNCTIONS + "/test_fn/invocations");
        }
    }

    // --- failures ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "service {0} failing")
    @CsvSource({"1, /oauth/token", "2, /v2/user/primary_username/tester", "3, /alerttriagechain", "4, 500"})
    void aFailingServiceThrowsSoTheDeliveryIsRetried(int service, String named) {
        try (TriageBotAction action = action()) {
            failWith = service;
            assertThatThrownBy(() -> action.deliver(sensitiveHostLogin("a1", "tester")))
                    .hasMessageContaining(named)
                    .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(SECRET, "aws-s3cret", "rest-token"));
            assertThat(invocations()).hasSize(service == 4 ? 1 : 0);
        }
    }
}
