package dev.escalationeda.webhook;

import java.util.ArrayList;
import java.util.List;

import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.ticket.TicketEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Every event one webhook delivery gives rise to; empty when the delivery is not ours. */
@ApplicationScoped
@Named("jiraEventMapper")
public class JiraEventMapper {

    private final ListenerCompatibleEvents listenerCompatibleEvents;
    private final TicketEvents ticketEvents;

    public JiraEventMapper(ListenerCompatibleEvents listenerCompatibleEvents, TicketEvents ticketEvents) {
        this.listenerCompatibleEvents = listenerCompatibleEvents;
        this.ticketEvents = ticketEvents;
    }

    public List<OutboundEvent> eventsFor(JiraIssueEvent issue) {
        List<OutboundEvent> events = new ArrayList<>(2);
        listenerCompatibleEvents.eventFor(issue).ifPresent(events::add);
        ticketEvents.eventFor(issue).ifPresent(events::add);
        return events;
    }
}
