package dev.escalationeda.notification;

import java.util.List;

import dev.escalationeda.events.ReceivedEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The escalation-mail-sink Kamelet's step: turns a {@code dev.escalationeda.namespace.escalated} event into
 * the escalation mail the service itself sends (HTML and text, a Message-ID per request and level). The
 * Kamelet creates it as a local bean and sets its properties.
 */
public class EscalationEventMail implements Processor {

    private String from;
    private String ticketBrowseUrl = "";
    private String fallbackTo = "";

    /** The sender's address. */
    public void setFrom(String from) {
        this.from = from;
    }

    /** Prefix of a ticket's address, the ticket key appended (e.g. {@code https://example.atlassian.net/browse/}). */
    public void setTicketBrowseUrl(String ticketBrowseUrl) {
        this.ticketBrowseUrl = ticketBrowseUrl;
    }

    /** Recipients, comma-separated, for events that name none (a request without a manager). */
    public void setFallbackTo(String fallbackTo) {
        this.fallbackTo = fallbackTo;
    }

    @Override
    public void process(Exchange exchange) {
        EscalationMessage escalation = EscalationMessage.of(ReceivedEvent.of(exchange.getMessage()), ticketBrowseUrl,
                fallbackTo.isBlank() ? List.of() : List.of(fallbackTo.trim().split("\\s*,\\s*")));
        NotificationMessages.writeMail(exchange.getMessage(), escalation.notification(from, List.of()), from);
    }
}
