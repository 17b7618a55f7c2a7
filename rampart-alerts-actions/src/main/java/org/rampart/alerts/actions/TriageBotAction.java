package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rampart.alerts.actions.AlertTriageRequest.Confidence;
import org.rampart.alerts.actions.AlertTriageRequest.User;
import org.rampart.event.ip.OutboundTargets;
import org.rampart.event.extension.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's {@code triage_bot} action: asks the user an alert is about, through the Slack triage bot, whether it was
 * them. For each supported alert ({@link AlertLabel}) named in {@code enabled_alert_classnames} it finds the user in
 * the alert's events, resolves them through the Person API ({@link PersonApi}), records the alert in the duplicate
 * chain of its label and user ({@link DuplicateChains}) and, unless the chain already existed (the user was already
 * asked), invokes the bot's Lambda function ({@link TriageLambda}) with an {@link AlertTriageRequest}. Config keys as
 * in MozDef's {@code triage_bot.json}, plus {@code aws_endpoint} and {@code timeout_ms}.
 */
final class TriageBotAction implements AlertAction, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TriageBotAction.class);

    private final Set<AlertLabel> enabled;
    private final Registration registration;
    private final PersonApi people;
    private final DuplicateChains chains;
    private final TriageLambda bot;

    TriageBotAction(Set<AlertLabel> enabled, PersonApi people, DuplicateChains chains, TriageLambda bot) {
        this.enabled = Set.copyOf(enabled);
        this.registration = Registration.of(enabled.stream().map(AlertLabel::classname).toList());
        this.people = people;
        this.chains = chains;
        this.bot = bot;
    }

    @Override
    public String name() {
        return "triage_bot";
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public void deliver(ObjectNode message) throws Exception {
        Optional<AlertTriageRequest> request = request(message);
        if (request.isPresent() && chains.recordInChain(request.get())) {
            bot.invoke(request.get());
        }
    }

    /** The request for an alert message; empty for an alert the bot does not handle or that names no one to ask. */
    Optional<AlertTriageRequest> request(ObjectNode message) throws IOException, InterruptedException {
        JsonNode alert = message.path("_source");
        Optional<AlertLabel> label = AlertLabel.forClassname(alert.path("classname").asText("")).filter(enabled::contains);
        if (label.isEmpty()) {
            return Optional.empty(); // not enabled, or registration matched some other value of the alert
        }
        String id = message.path("_id").asText("");
        Optional<String> subject = label.get().user(alert);
        if (subject.isEmpty()) {
            LOG.warn("triage_bot: alert {} ({}) names no user in its events; nobody to ask", id, label.get().label());
            return Optional.empty();
        }
        Optional<User> profile = people.find(subject.get());
        User user;
        Confidence confidence;
        if (profile.isPresent()) {
            user = profile.get();
            confidence = Confidence.HIGH;
        } else if (subject.get().contains("@")) {
            user = new User(subject.get(), "");
            confidence = Confidence.LOW;
        } else {
            LOG.warn("triage_bot: the Person API has no profile for user {} of alert {} and it is no e-mail address;"
                    + " nobody to ask", subject.get(), id);
            return Optional.empty();
        }
        return Optional.of(new AlertTriageRequest(id, label.get(), alert.path("summary").asText(""), user, confidence));
    }

    @Override
    public void close() {
        bot.close();
    }

    /** {@code type: triage_bot}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "triage_bot";
        }

        @Override
        public AlertAction create(JsonNode config) {
            return create(config, OutboundTargets.publicOnly());
        }

        @Override
        public AlertAction create(JsonNode config, OutboundTargets outbound) {
            return create(config, Clock.systemUTC(), outbound);
        }

        /** The action with this clock for the token and function-name windows. */
        static TriageBotAction create(JsonNode config, Clock clock, OutboundTargets outbound) {
            JsonHttp http = new JsonHttp(outbound);
            ActionConfig c = new ActionConfig("triage_bot", config);
            Set<AlertLabel> enabled = enabledLabels(c.list("enabled_alert_classnames"));
            Duration timeout = c.timeout();
            PersonApi.Credentials credentials = new PersonApi.Credentials(c.uri("oauth_url"),
                    c.required("person_api_client_id"), c.required("person_api_client_secret"),
                    c.required("person_api_audience"), c.optional("person_api_scope", ""),
                    c.optional("person_api_grants", "client_credentials"));
            PersonApi people = new PersonApi(credentials, c.uri("person_api_base"),
                    Duration.ofMinutes(c.integer("token_validity_window_minutes", 1080)), timeout, clock, http);
            DuplicateChains chains = new DuplicateChains(c.uri("mozdef_restapi_url"), c.required("mozdef_restapi_token"),
                    timeout, http);
            String accessKeyId = c.optional("aws_access_key_id", "");
            String secretAccessKey = c.optional("aws_secret_access_key", "");
            if (accessKeyId.isEmpty() != secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("alert action triage_bot: set both \"aws_access_key_id\" and"
                        + " \"aws_secret_access_key\", or neither to use the default AWS credentials");
            }
            String prefix = c.optional("slack_bot_function_name_prefix", "");
            String fallback = c.optional("aws_lambda_function", "");
            if (prefix.isEmpty() && fallback.isEmpty()) {
                throw new IllegalArgumentException("alert action triage_bot: set \"slack_bot_function_name_prefix\" or"
                        + " \"aws_lambda_function\" to name the Slack triage bot's Lambda function");
            }
            Duration nameValidity = Duration.ofSeconds(c.integer("l_fn_name_validity_window_seconds", 86_400));
            String region = c.required("aws_region");
            URI endpoint = c.optional("aws_endpoint", null) == null ? null : c.uri("aws_endpoint");
            TriageLambda bot = new TriageLambda(
                    TriageLambda.client(region, accessKeyId, secretAccessKey, endpoint, timeout),
                    prefix, fallback, nameValidity, clock);
            return new TriageBotAction(enabled, people, chains, bot);
        }

        private static Set<AlertLabel> enabledLabels(List<String> classnames) {
            String supported = Arrays.stream(AlertLabel.values()).map(AlertLabel::classname)
                    .collect(Collectors.joining(", "));
            if (classnames.isEmpty()) {
                throw new IllegalArgumentException("alert action triage_bot: \"enabled_alert_classnames\" lists the"
                        + " alerts to ask users about, among: " + supported);
            }
            return classnames.stream().map(name -> AlertLabel.forClassname(name).orElseThrow(
                    () -> new IllegalArgumentException("alert action triage_bot: the bot has no question for alert \""
                            + name + "\"; supported: " + supported)))
                    .collect(Collectors.toSet());
        }
    }
}
