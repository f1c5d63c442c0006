package dev.escalationeda.notification;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.request.NamespaceRequest;
import dev.escalationeda.support.OutgoingMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Renders a {@link Notification} as an e-mail (text and HTML parts) and as a Backstage notification. */
@ApplicationScoped
@Named("notificationMessages")
public class NotificationMessages {

    /** camel-mail sends this header as the text/plain alternative of the HTML body. */
    private static final String ALTERNATIVE_BODY = "CamelMailAlternativeBody";

    /** The Backstage topic of the service's notifications. */
    public static final String TOPIC = "escalation-eda";

    private final MailConfig mail;
    private final BackstageConfig backstage;
    private final ObjectMapper objectMapper;

    public NotificationMessages(MailConfig mail, BackstageConfig backstage, ObjectMapper objectMapper) {
        this.mail = mail;
        this.backstage = backstage;
        this.objectMapper = objectMapper;
    }

    public boolean backstageConfigured() {
        return backstage.notificationsUrl().isPresent();
    }

    /** The notification about a request's outcome, for its requester. */
    public Notification outcome(NamespaceRequest request) {
        String link = request.ticket() == null ? null : request.ticket().url();
        String subject;
        String text;
        String severity;
        switch (request.status()) {
            case PROVISIONED -> {
                subject = "Namespace " + request.namespace() + " is ready";
                text = "Your namespace " + request.namespace() + " (size " + request.size() + ") has been created.";
                severity = "normal";
            }
            case DENIED -> {
                subject = "Namespace request " + request.namespace() + " was denied";
                // the result's message is "denied: <what decided it>"
                text = "Your request for namespace " + request.namespace() + " was " + request.result().result().message();
                severity = "high";
            }
            default -> {
                subject = "Namespace request " + request.namespace() + " failed";
                text = "Your request for namespace " + request.namespace() + " could not be completed: "
                        + request.result().result().message();
                severity = "high";
            }
        }
        return new Notification(request.requesterEmail(), request.recipients(), subject, text, severity, link, null);
    }

    /** The escalation of a request whose approval has waited too long, for {@code to}. */
    public Notification escalation(NamespaceRequest request, int level, List<String> to, Duration waited) {
        return new EscalationMessage(request.id(), request.namespace(), request.size(), request.requester(),
                request.ticket() == null ? null : request.ticket().key(), request.ticket() == null ? null : request.ticket().url(),
                level, to, waited).notification(mail.from(), request.recipients());
    }

    /** A wait as people say it: "3 h 5 min", "12 min", "40 s". */
    public static String duration(Duration duration) {
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        return minutes > 0 ? minutes + " min" : duration.toSeconds() + " s";
    }

    public void email(Exchange exchange) {
        Message message = exchange.getMessage();
        writeMail(message, message.getBody(Notification.class), mail.from());
    }

    /** The message as camel-mail sends it: headers, the HTML body and its text/plain alternative. */
    public static void writeMail(Message message, Notification notification, String from) {
        OutgoingMessages.clearHeaders(message);
        message.setHeader("To", notification.to());
        message.setHeader("From", from);
        message.setHeader("Subject", notification.subject());
        if (notification.messageId() != null) {
            message.setHeader("Message-ID", notification.messageId());
        }
        String link = notification.link() == null ? "" : "\n\n" + notification.link();
        message.setHeader(ALTERNATIVE_BODY, notification.text() + link);
        message.setBody("<html><body><p>" + escape(notification.text()) + "</p>"
                + (notification.link() == null ? "" : "<p><a href=\"" + escape(notification.link()) + "\">"
                        + escape(notification.link()) + "</a></p>")
                + "</body></html>");
    }

    /** {@code POST /api/notifications} of the Backstage notifications plugin. */
    public void backstage(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        writeBackstage(message, message.getBody(Notification.class), TOPIC, backstage.bearerToken(), objectMapper);
    }

    /** The notification as the request body of {@code POST /api/notifications}, with its HTTP headers. */
    public static void writeBackstage(Message message, Notification notification, String topic, Optional<String> bearerToken,
            ObjectMapper objectMapper) throws JsonProcessingException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", notification.subject());
        payload.put("description", notification.text());
        payload.put("severity", notification.severity());
        payload.put("topic", topic);
        if (notification.link() != null) {
            payload.put("link", notification.link());
        }
        OutgoingMessages.clearHeaders(message);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_PATH, "/api/notifications");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        bearerToken.ifPresent(token -> message.setHeader("Authorization", "Bearer " + token));
        message.setBody(objectMapper.writeValueAsBytes(Map.of(
                "recipients", Map.of("type", "entity", "entityRef", List.copyOf(notification.recipients())),
                "payload", payload)));
    }

    /** Text for HTML: the characters that would be markup, escaped. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
