package dev.escalationeda.escalation;

import java.time.Duration;
import java.util.List;

import dev.escalationeda.notification.Notification;
import dev.escalationeda.request.NamespaceRequest;

/** One level of a request's escalation, as the routes that mail and announce it see it. */
public record EscalationNotice(NamespaceRequest request, int level, List<String> to, Duration waited, Notification notification) {

    public EscalationNotice {
        to = List.copyOf(to);
    }
}
