package dev.escalationeda.notification;

import java.util.List;

/**
 * One message about a request, rendered for every channel: an e-mail to {@link #to()} and a
 * Backstage notification to {@link #recipients()}.
 *
 * @param to e-mail address, or null for no e-mail
 * @param severity Backstage severity: low, normal, high, critical
 * @param link where the reader acts (the ticket), or null
 */
public record Notification(String to, List<String> recipients, String subject, String text, String severity, String link) {

    public Notification {
        recipients = List.copyOf(recipients);
    }
}
