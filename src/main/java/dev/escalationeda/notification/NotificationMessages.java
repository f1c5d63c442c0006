package dev.escalationeda.notification;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.request.NamespaceRequest;
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
                text = "Your request for namespace " + request.namespace() + " was denied: " + request.result().result().message();
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

    /**
     * The escalation of a request whose approval has waited too long, for {@code to}. Its Message-ID
     * names the request and level, so that a copy sent again after a crash is recognisably the same mail.
     */
    public Notification escalation(NamespaceRequest request, int level, List<String> to, Duration waited) {
        String link = request.ticket() == null ? null : request.ticket().url();
        String where = request.ticket() == null ? "in the approval inbox" : "in " + request.ticket().key();
        String text = "The request for namespace " + request.namespace() + " (size " + request.size() + ") by "
                + request.requester() + " has waited " + duration(waited) + " for approval " + where
                + ". Escalation level " + level + ": please see that it is decided.";
        String domain = mail.from().substring(mail.from().indexOf('@') + 1);
        return new Notification(String.join(", ", to), request.recipients(),
                "Escalation (level " + level + "): namespace request " + request.namespace() + " waits for approval",
                text, level > 1 ? "critical" : "high", link, "<escalation." + request.id() + "." + level + "@" + domain + ">");
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
        Notification notification = message.getBody(Notification.class);
        message.removeHeaders("*");
        message.setHeader("To", notification.to());
        message.setHeader("From", mail.from());
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
        Notification notification = message.getBody(Notification.class);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", notification.subject());
        payload.put("description", notification.text());
        payload.put("severity", notification.severity());
        payload.put("topic", "escalation-eda");
        if (notification.link() != null) {
            payload.put("link", notification.link());
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_PATH, "/api/notifications");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        backstage.bearerToken().ifPresent(token -> message.setHeader("Authorization", "Bearer " + token));
        message.setBody(objectMapper.writeValueAsBytes(Map.of(
                "recipients", Map.of("type", "entity", "entityRef", List.copyOf(notification.recipients())),
                "payload", payload)));
    }

    /** Text for HTML: the characters that would be markup, escaped. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
