package dev.escalationeda.request;

import java.util.List;

import dev.escalationeda.events.OutboundEvent;

/**
 * A request's move from {@code from} to {@code to}: the timeline entry ({@code event}, {@code message})
 * that says why, the {@code result} of a closed request (null for an open one) and the {@code events}
 * that announce it.
 */
public record RequestTransition(RequestStatus from, RequestStatus to, String event, String message, WorkflowResult result,
        List<OutboundEvent> events) {

    public RequestTransition {
        events = List.copyOf(events);
    }
}
