package org.rampart.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import org.rampart.event.extension.Registration;
import org.rampart.event.Json;

/**
 * Mails the alert over SMTP: subject {@code [Rampart] SEVERITY: summary}, a plain-text body with the
 * alert's fields and its JSON. Config: {@code host}, {@code port} (25), {@code from}, {@code to} (list),
 * optional {@code username}/{@code password}, {@code starttls} (false), {@code ssl} (false),
 * {@code registration}, {@code timeout_ms}.
 */
final class EmailAction implements AlertAction {

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Registration registration;
    private final String host;

    EmailAction(Session session, InternetAddress from, InternetAddress[] to, Registration registration, String host) {
        this.session = session;
        this.from = from;
        this.to = to;
        this.registration = registration;
        this.host = host;
    }

    @Override
    public String name() {
        return "email:" + host;
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public void deliver(ObjectNode message) throws Exception {
        JsonNode alert = message.path("_source");
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(from);
        mail.setRecipients(Message.RecipientType.TO, to);
        // Event text ends up here: strip line breaks so a summary cannot forge headers.
        String summary = alert.path("summary").asText("").replaceAll("[\\r\\n]+", " ");
        String subject = "[Rampart] " + alert.path("severity").asText("INFO") + ": " + summary;
        mail.setSubject(subject.length() > 200 ? subject.substring(0, 200) : subject, "UTF-8");
        mail.setText(body(message), "UTF-8");
        Transport.send(mail);
    }

    static String body(ObjectNode message) throws Exception {
        JsonNode alert = message.path("_source");
        StringBuilder text = new StringBuilder();
        for (String key : List.of("summary", "severity", "category", "utctimestamp", "classname", "url")) {
            if (alert.hasNonNull(key)) {
                text.append(key).append(": ").append(alert.get(key).asText()).append('\n');
            }
        }
        text.append("tags: ").append(alert.path("tags")).append('\n');
        text.append("id: ").append(message.path("_id").asText()).append(" (").append(message.path("_index").asText())
                .append(")\n\n");
        text.append(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(alert)).append('\n');
        return text.toString();
    }

    /** {@code type: email}. */
    public static final class Provider implements AlertActionProvider {
        @Override
        public String name() {
            return "email";
        }

        @Override
        public AlertAction create(JsonNode config) {
            ActionConfig c = new ActionConfig(name(), config);
            String host = c.required("host");
            Properties props = new Properties();
            props.put("mail.smtp.host", host);
            props.put("mail.smtp.port", String.valueOf(c.integer("port", 25)));
            props.put("mail.smtp.starttls.enable", String.valueOf(c.bool("starttls", false)));
            props.put("mail.smtp.starttls.required", String.valueOf(c.bool("starttls", false)));
            props.put("mail.smtp.ssl.enable", String.valueOf(c.bool("ssl", false)));
            String timeout = String.valueOf(c.timeout().toMillis());
            props.put("mail.smtp.connectiontimeout", timeout);
            props.put("mail.smtp.timeout", timeout);
            props.put("mail.smtp.writetimeout", timeout);
            String user = c.optional("username", null);
            Session session;
            if (user != null) {
                props.put("mail.smtp.auth", "true");
                String password = c.optional("password", "");
                session = Session.getInstance(props, new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(user, password);
                    }
                });
            } else {
                session = Session.getInstance(props);
            }
            List<String> recipients = c.list("to");
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("alert action email: \"to\" needs at least one address");
            }
            try {
                InternetAddress[] to = new InternetAddress[recipients.size()];
                for (int i = 0; i < to.length; i++) {
                    to[i] = new InternetAddress(recipients.get(i), true);
                }
                return new EmailAction(session, new InternetAddress(c.required("from"), true), to,
                        c.registration(List.of("*")), host);
            } catch (jakarta.mail.internet.AddressException e) {
                throw new IllegalArgumentException("alert action email: bad address: " + e.getMessage(), e);
            }
        }
    }
}
