package dev.escalationeda.ticket;

import dev.escalationeda.events.EventTypes;

/** What a change of an approval ticket means for its request. */
public enum TicketDecision {
    UPDATED(EventTypes.TICKET_UPDATED),
    APPROVED(EventTypes.TICKET_APPROVED),
    DENIED(EventTypes.TICKET_DENIED);

    private final String eventType;

    TicketDecision(String eventType) {
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
