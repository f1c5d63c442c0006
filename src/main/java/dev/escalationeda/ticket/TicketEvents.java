package dev.escalationeda.ticket;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.webhook.JiraIssueEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** The product's own event for a change of a ticket it tracks: updated, approved or denied. */
@ApplicationScoped
public class TicketEvents {

    static final String REQUEST_ID_EXTENSION = "requestid";

    private final TrackedTickets trackedTickets;
    private final TicketDecisionRule decisionRule;

    public TicketEvents(TrackedTickets trackedTickets, TicketDecisionRule decisionRule) {
        this.trackedTickets = trackedTickets;
        this.decisionRule = decisionRule;
    }

    public Optional<OutboundEvent> eventFor(JiraIssueEvent issue) {
        if (issue.issueKey() == null) {
            return Optional.empty();
        }
        return trackedTickets.requestIdFor(issue.issueKey()).map(requestId -> {
            TicketDecision decision = decisionRule.decide(issue);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("ticket", issue.issueKey());
            data.put("requestId", requestId);
            data.put("decision", decision.name().toLowerCase());
            data.put("status", issue.statusName());
            data.put("statusCategory", issue.statusCategoryKey());
            data.put("resolution", issue.resolution());
            data.put("labels", issue.labels());
            data.put("webhookEvent", issue.webhookEvent());
            return new OutboundEvent(issue.deliveryId(), decision.eventType(), EventTypes.JIRA_WEBHOOK_SOURCE,
                    issue.issueKey(), Map.of(REQUEST_ID_EXTENSION, requestId), data);
        });
    }
}
