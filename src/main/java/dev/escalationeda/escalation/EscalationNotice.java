package dev.escalationeda.escalation;

import java.time.Duration;
import java.util.List;

import dev.escalationeda.notification.Notification;
import dev.escalationeda.request.NamespaceRequest;

/**
 * One level of a request's escalation, as the routes that mail and announce it see it.
 *
 * @param commentOnTicket whether the announcement comments on the request's Jira issue
 * @param notifyBackstage whether the announcement notifies the request's Backstage recipients
 */
public record EscalationNotice(NamespaceRequest request, int level, List<String> to, Duration waited, Notification notification,
        boolean commentOnTicket, boolean notifyBackstage) {

    public EscalationNotice {
        to = List.copyOf(to);
    }
}
