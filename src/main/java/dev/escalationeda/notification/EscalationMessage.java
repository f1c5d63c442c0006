package dev.escalationeda.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.escalationeda.events.ReceivedEvent;

/**
 * What an escalation says, whether the service sends it for a request it holds or the
 * escalation-mail-sink Kamelet sends it for a {@code dev.escalationeda.namespace.escalated} event.
 *
 * @param ticketKey the approval ticket's key, or null when the request waits in the local inbox
 * @param link the ticket's address, or null
 */
public record EscalationMessage(String requestId, String namespace, String size, String requester, String ticketKey,
        String link, int level, List<String> to, Duration waited) {

    public EscalationMessage {
        to = List.copyOf(to);
    }

    /**
     * The escalation a {@code dev.escalationeda.namespace.escalated} event reports.
     *
     * @param ticketBrowseUrl prefix of a ticket's address, or blank for no link
     * @param defaultTo the recipients when the event names none
     */
    public static EscalationMessage of(ReceivedEvent event, String ticketBrowseUrl, List<String> defaultTo) {
        String ticket = event.optional("ticket");
        List<String> to = new ArrayList<>();
        event.data().path("to").forEach(address -> to.add(address.asText()));
        if (to.isEmpty()) {
            to.addAll(defaultTo);
        }
        return new EscalationMessage(event.required("requestId"), event.required("namespace"),
                Objects.requireNonNullElse(event.optional("size"), "not stated"), event.required("requester"), ticket,
                ticket == null || ticketBrowseUrl.isBlank() ? null : ticketBrowseUrl + ticket,
                Integer.parseInt(event.required("level")), to, Duration.ofSeconds(event.data().path("waitedSeconds").asLong()));
    }

    /**
     * The notification for {@link #to()} and the Backstage {@code recipients}. Its Message-ID names the
     * request and level, so that a copy sent again after a crash is recognisably the same mail.
     *
     * @param from the sender's address, whose domain the Message-ID takes; null for a notification that is no mail
     */
    public Notification notification(String from, List<String> recipients) {
        String where = ticketKey == null ? "in the approval inbox" : "in " + ticketKey;
        String text = "The request for namespace " + namespace + " (size " + size + ") by " + requester + " has waited "
                + NotificationMessages.duration(waited) + " for approval " + where + ". Escalation level " + level
                + ": please see that it is decided.";
        String messageId = from == null ? null
                : "<escalation." + requestId + "." + level + "@" + from.substring(from.indexOf('@') + 1) + ">";
        return new Notification(String.join(", ", to), recipients,
                "Escalation (level " + level + "): namespace request " + namespace + " waits for approval",
                text, level > 1 ? "critical" : "high", link, messageId);
    }
}
