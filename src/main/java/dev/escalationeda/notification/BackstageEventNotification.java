package dev.escalationeda.notification;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.escalation.Escalations;
import dev.escalationeda.events.ReceivedEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The backstage-notification-sink Kamelet's step: turns an event into the request of
 * {@code POST /api/notifications}. It describes the service's namespace request events
 * ({@code dev.escalationeda.namespace.*}) as the service does, and any other event whose data carries a
 * {@code title} (with {@code description}, {@code severity} and {@code link} if given). The Kamelet creates
 * it as a local bean and sets its properties.
 */
public class BackstageEventNotification implements Processor {

    private static final String NAMESPACE_EVENT = "dev.escalationeda.namespace.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private List<String> recipients = List.of();
    private String bearerToken = "";
    private String topic = NotificationMessages.TOPIC;
    private String ticketBrowseUrl = "";

    /** Backstage entity refs, comma-separated ({@code user:default/jdoe,group:default/team}). */
    public void setRecipients(String recipients) {
        this.recipients = List.of(recipients.trim().split("\\s*,\\s*"));
    }

    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** Prefix of a ticket's address, the ticket key appended. */
    public void setTicketBrowseUrl(String ticketBrowseUrl) {
        this.ticketBrowseUrl = ticketBrowseUrl;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        ReceivedEvent event = ReceivedEvent.of(exchange.getMessage());
        NotificationMessages.writeBackstage(exchange.getMessage(), notification(event), topic,
                bearerToken.isBlank() ? Optional.empty() : Optional.of(bearerToken), MAPPER);
    }

    private Notification notification(ReceivedEvent event) {
        if (Escalations.ESCALATED.equals(event.type())) {
            return EscalationMessage.of(event, ticketBrowseUrl, List.of()).notification(null, recipients);
        }
        if (event.type() != null && event.type().startsWith(NAMESPACE_EVENT)) {
            String what = event.type().substring(NAMESPACE_EVENT.length());
            String namespace = event.required("namespace");
            return new Notification(null, recipients, "Namespace request " + namespace + ": " + what,
                    "The request " + event.required("requestId") + " for namespace " + namespace + " (size "
                            + event.required("size") + ") by " + event.required("requester") + " is "
                            + event.required("status") + ".",
                    "denied".equals(what) || "failed".equals(what) ? "high" : "normal", null, null);
        }
        if (event.optional("title") != null) {
            return new Notification(null, recipients, event.required("title"),
                    Objects.requireNonNullElse(event.optional("description"), ""),
                    Objects.requireNonNullElse(event.optional("severity"), "normal"), event.optional("link"), null);
        }
        throw new IllegalArgumentException("an event of type " + event.type() + " without a title in its data cannot be notified");
    }
}
