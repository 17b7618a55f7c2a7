package org.rampart.alerts.actions;

import org.rampart.event.ip.OutboundTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.rampart.event.Json;
import org.rampart.event.extension.Registration;

/** Each bundled action against a real server: JDK HttpServer, GreenMail SMTP, the local RabbitMQ. */
class DeliveryTest {
    /** The tests\' stand-in services listen on loopback, which actions reach only when allowed. */
    static final OutboundTargets LOCAL = OutboundTargets.allowing(List.of("127.0.0.1", "::1"));

    @Test
    void webhookAndSlackRefuseAnInternalTargetThatIsNotAllowListed() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            for (AlertAction action : List.of(
                    new WebhookAction.Provider().create(Json.object().put("url", server.uri("/in").toString())),
                    new SlackAction.Provider().create(Json.object().put("url", server.uri("/slack").toString()),
                            OutboundTargets.allowing(List.of("10.0.0.0/8"))))) {
                assertThatThrownBy(() -> action.deliver(Messages.alert("A", "WARNING", "x")))
                        .hasRootCauseInstanceOf(OutboundTargets.RefusedTargetException.class);
            }
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void webhookPostsTheAlertMessageWithConfiguredHeaders() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            AlertAction hook = new WebhookAction.Provider().create(Json.MAPPER.readTree(
                    "{\"url\": \"%s\", \"headers\": {\"X-Token\": \"s3cret\"}}".formatted(server.uri("/in"))), LOCAL);
            ObjectNode message = Messages.alert("AlertBruteforceSsh", "WARNING", "ssh bruteforce");
            hook.deliver(message);
            assertThat(server.requests).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.headers().get("X-token")).containsExactly("s3cret");
                assertThat(r.body()).isEqualTo(message);
            });
        }
    }

    @Test
    void aFailedDeliveryNamesTheHostButNeitherTheSecretPathNorTheQuery() throws Exception {
        try (RecordingServer server = new RecordingServer(500)) {
            AlertAction hook = new WebhookAction.Provider().create(Json.object()
                    .put("url", server.uri("/services/T0/B0/path-s3cret?key=query-s3cret").toString()), LOCAL);

            assertThat(hook.name()).doesNotContain("s3cret").contains("127.0.0.1");
            assertThatThrownBy(() -> hook.deliver(Messages.alert("A", "WARNING", "x")))
                    .isInstanceOf(IOException.class).hasMessageContaining("500")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void webhookFailsOnANon2xxReplySoItIsRetried() throws Exception {
        try (RecordingServer server = new RecordingServer(404)) {
            AlertAction hook = new WebhookAction.Provider().create(Json.object().put("url", server.uri("/in").toString()), LOCAL);
            assertThatThrownBy(() -> hook.deliver(Messages.alert("A", "WARNING", "x")))
                    .isInstanceOf(IOException.class).hasMessageContaining("404");
        }
    }

    @Test
    void slackGetsMozDefsAlertLineInTheAlertsChannel() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            AlertAction slack = new SlackAction.Provider().create(Json.object()
                    .put("url", server.uri("/services/T/B/X").toString()).put("channel", "#mozdef"), LOCAL);
            ObjectNode message = Messages.alert("AlertBruteforceSsh", "WARNING", "10 ssh failures from <evil>");
            ((ObjectNode) message.get("_source")).put("url", "https://wiki.example.org/ssh");
            slack.deliver(message);

            ObjectNode silent = Messages.alert("AlertX", "NOTICE", "quiet");
            slack.deliver(silent);

            ObjectNode routed = Messages.alert("AlertY", "CRITICAL", "loud");
            ((ObjectNode) routed.get("_source")).put("channel", "#infosec");
            slack.deliver(routed);

            assertThat(server.requests).hasSize(2);
            assertThat(server.requests.get(0).body().path("text").asText())
                    .isEqualTo("WARNING: [bruteforce] 10 ssh failures from &lt;evil&gt; <https://wiki.example.org/ssh>");
            assertThat(server.requests.get(0).body().path("channel").asText()).isEqualTo("#mozdef");
            assertThat(server.requests.get(1).body().path("channel").asText()).isEqualTo("#infosec");
        }
    }

    @Test
    void emailIsSentOverSmtp() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            int port = mail.getSmtp().getPort();
            AlertAction email = new EmailAction.Provider().create(Json.MAPPER.readTree("""
                    {"host": "127.0.0.1", "port": %d, "from": "rampart@example.org",
                     "to": ["oncall@example.org", "soc@example.org"]}""".formatted(port)), LOCAL);
            email.deliver(Messages.alert("AlertBruteforceSsh", "WARNING", "ssh bruteforce\r\nBcc: x@evil.org"));

            MimeMessage[] received = mail.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(received[0].getSubject()).isEqualTo("[Rampart] WARNING: ssh bruteforce Bcc: x@evil.org");
            assertThat(received[0].getHeader("Bcc")).isNull();
            String body = (String) received[0].getContent();
            assertThat(body).contains("classname: AlertBruteforceSsh").contains("\"sourceipaddress\" : \"10.1.2.3\"");
        } finally {
            mail.stop();
        }
    }

    @Test
    void amqpPublishesToMozDefsAlertsExchange() throws Exception {
        Assumptions.assumeTrue(rabbitMqRunning(), "needs RabbitMQ on 127.0.0.1:5672 (guest/guest)");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        AmqpAction amqp = (AmqpAction) new AmqpAction.Provider().create(Json.object().put("host", "127.0.0.1"), LOCAL);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare("alerts", "topic", true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, "alerts", "mozdef.alert");

            ObjectNode message = Messages.alert("AlertBruteforceSsh", "WARNING", "over amqp");
            amqp.deliver(message);

            GetResponse got = channel.basicGet(queue, true);
            assertThat(got).isNotNull();
            assertThat(got.getEnvelope().getExchange()).isEqualTo("alerts");
            assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("mozdef.alert");
            assertThat(Json.MAPPER.readTree(got.getBody())).isEqualTo(message);
        } finally {
            amqp.close();
        }
    }

    private static boolean rabbitMqRunning() {
        try (Socket s = new Socket("127.0.0.1", 5672)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void blockIpPostsMozDefsBlockRequestWithTheJwt() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            AlertAction block = new BlockIpAction.Provider().create(Json.object()
                    .put("alert_names", "alertbruteforcessh alertssh").put("restapi_url", server.uri("").toString())
                    .put("restapi_jwt_token", "123456"), LOCAL);
            ObjectNode message = Messages.alert("AlertBruteforceSsh", "WARNING", "x");
            assertThat(block.registration().matches(message)).isTrue();
            assertThat(block.registration().matches(Messages.alert("AlertGeoModel", "WARNING", "x"))).isFalse();
            block.deliver(message);

            ObjectNode noIp = Messages.alert("AlertBruteforceSsh", "WARNING", "x");
            ((ObjectNode) noIp.path("_source").path("details")).put("sourceipaddress", "evil.example.org");
            block.deliver(noIp);

            assertThat(server.requests).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/blockip");
                assertThat(r.headers().get("Authorization")).containsExactly("Bearer 123456");
                assertThat(r.body()).isEqualTo(Json.MAPPER.readTree("""
                        [{"ipaddress": "10.1.2.3/32"}, {"duration": "1d"}, {"comment": "Automatic Block"},
                         {"referenceid": ""}, {"IPBlockList": true}, {"userid": "MozDef"}]"""));
            });
        }
    }

    @Test
    void pagerDutyTriggersTheIntegrationWhoseTagTheAlertCarries() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            AlertAction pd = new PagerDutyAction.Provider().create(Json.MAPPER.readTree("""
                    {"api_url": "%s", "web_url": "https://siem.example.org/",
                     "integrations": [{"service_key": "key1", "tag": "ssh", "doc": "https://docs/ssh"},
                                      {"service_key": "key2", "tag": "geomodel", "doc": "https://docs/geo"}]}
                    """.formatted(server.uri("/create_event.json"))), LOCAL);
            ObjectNode message = Messages.alert("AlertBruteforceSsh", "WARNING", "paged");
            assertThat(pd.registration().matches(message)).isTrue();
            pd.deliver(message);

            assertThat(server.requests).singleElement().satisfies(r -> {
                assertThat(r.body().path("service_key").asText()).isEqualTo("key1");
                assertThat(r.body().path("event_type").asText()).isEqualTo("trigger");
                assertThat(r.body().path("description").asText()).isEqualTo("paged");
                assertThat(r.body().path("client_url").asText()).isEqualTo("https://siem.example.org/alert/alert-1");
                assertThat(r.body().path("contexts").get(0).path("href").asText()).isEqualTo("https://docs/ssh");
            });
        }
    }

    @Test
    void registrationMatchesKeysAndValuesCaseInsensitively() {
        ObjectNode message = Messages.alert("AlertBruteforceSsh", "WARNING", "x");
        assertThat(Registration.of("alertbruteforcessh").matches(message)).isTrue();
        assertThat(Registration.of("SourceIpAddress").matches(message)).isTrue();
        assertThat(Registration.of("geomodel").matches(message)).isFalse();
        assertThat(List.of(Registration.ALL.matches(Json.object()))).containsExactly(true);
    }
}
