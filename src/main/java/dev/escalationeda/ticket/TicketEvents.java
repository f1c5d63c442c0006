package dev.escalationeda.ticket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.request.NamespaceRequestStore;
import dev.escalationeda.webhook.JiraIssueEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** The product's own event for a change of a ticket it tracks: updated, approved or denied. */
@ApplicationScoped
public class TicketEvents {

    static final String REQUEST_ID_EXTENSION = "requestid";

    private final TrackedTickets trackedTickets;
    private final TicketDecisionRule decisionRule;
    private final NamespaceRequestStore requests;

    public TicketEvents(TrackedTickets trackedTickets, TicketDecisionRule decisionRule, NamespaceRequestStore requests) {
        this.trackedTickets = trackedTickets;
        this.decisionRule = decisionRule;
        this.requests = requests;
    }

    public Optional<OutboundEvent> eventFor(JiraIssueEvent issue) {
        if (issue.issueKey() == null) {
            return Optional.empty();
        }
        // Read first: a request that records the issue meanwhile has tracked it by the lookup below.
        Optional<String> recording = requestRecording(issue);
        Optional<String> tracked = trackedTickets.requestIdFor(issue.issueKey());
        if (tracked.isEmpty() && recording.isPresent()) {
            throw new IllegalStateException("issue " + issue.issueKey() + " is labelled for request " + recording.get()
                    + ", which is recording its approval issue");
        }
        return tracked.map(requestId -> event(issue.deliveryId(), issue, requestId, decisionRule.decide(issue)));
    }

    /**
     * The event of {@code decision} on {@code issue}, the approval issue of request {@code requestId}:
     * {@code id} is the webhook's delivery id, or one the request derives when the decision was read
     * from a search.
     */
    public static OutboundEvent event(String id, JiraIssueEvent issue, String requestId, TicketDecision decision) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticket", issue.issueKey());
        data.put("requestId", requestId);
        data.put("decision", decision.name().toLowerCase(Locale.ROOT));
        data.put("status", issue.statusName());
        data.put("statusCategory", issue.statusCategoryKey());
        data.put("resolution", issue.resolution());
        data.put("labels", issue.labels());
        data.put("webhookEvent", issue.webhookEvent());
        return new OutboundEvent(id, decision.eventType(), EventTypes.JIRA_WEBHOOK_SOURCE, issue.issueKey(),
                Map.of(REQUEST_ID_EXTENSION, requestId), data);
    }

    /** The issue's state as a ticket event's data carries it ({@code data} as {@link #event} writes it). */
    public static JiraIssueEvent issue(Map<String, ?> data) {
        List<String> labels = data.get("labels") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        return new JiraIssueEvent(null, (String) data.get("webhookEvent"), (String) data.get("ticket"), labels,
                (String) data.get("status"), (String) data.get("statusCategory"), (String) data.get("resolution"));
    }

    /**
     * The request whose label the issue carries and that is recording its approval issue right now:
     * the issue may be that one, opened a moment ago (a Jira automation rule can decide it at once).
     * Its webhook then fails, for Jira to redeliver it once the issue is tracked: answered 204, a
     * decision would be lost.
     */
    private Optional<String> requestRecording(JiraIssueEvent issue) {
        return issue.labels().stream().filter(label -> label.startsWith(TrackedTickets.REQUEST_LABEL_PREFIX))
                .map(label -> label.substring(TrackedTickets.REQUEST_LABEL_PREFIX.length()))
                .filter(requests::awaitsTicket).findFirst();
    }
}
