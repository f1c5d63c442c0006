package dev.escalationeda.request;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A namespace request as stored and as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NamespaceRequest(String id, String namespace, String size, String requester, String reason,
        List<String> recipients, String manager, String requesterEmail, RequestStatus status, Ticket ticket,
        Instant createdAt, Instant updatedAt, Instant notifiedAt, List<TimelineEntry> timeline, WorkflowResult result) {

    public NamespaceRequest {
        recipients = List.copyOf(recipients);
        timeline = timeline == null ? null : List.copyOf(timeline);
    }

    public NamespaceRequest withTimeline(List<TimelineEntry> entries) {
        return new NamespaceRequest(id, namespace, size, requester, reason, recipients, manager, requesterEmail,
                status, ticket, createdAt, updatedAt, notifiedAt, entries, result);
    }
}
