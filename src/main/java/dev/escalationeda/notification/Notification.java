package dev.escalationeda.notification;

import java.util.List;

/**
 * One message about a request, rendered for every channel: an e-mail to {@link #to()} and a
 * Backstage notification to {@link #recipients()}.
 *
 * @param to e-mail address, or null for no e-mail
 * @param severity Backstage severity: low, normal, high, critical
 * @param link where the reader acts (the ticket), or null
 * @param messageId the e-mail's Message-ID, the same whenever this message is sent again; null for a new one per send
 */
public record Notification(String to, List<String> recipients, String subject, String text, String severity, String link,
        String messageId) {

    public Notification {
        recipients = List.copyOf(recipients);
    }
}
