package dev.escalationeda.webhook;

import java.util.ArrayList;
import java.util.List;

import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.ticket.TicketEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Every event one webhook delivery gives rise to; empty when the delivery is not ours. A {@link Processor},
 * so that the route calls it directly rather than through bean-method binding.
 */
@ApplicationScoped
@Named("jiraEventMapper")
public class JiraEventMapper implements Processor {

    private final ListenerCompatibleEvents listenerCompatibleEvents;
    private final TicketEvents ticketEvents;

    public JiraEventMapper(ListenerCompatibleEvents listenerCompatibleEvents, TicketEvents ticketEvents) {
        this.listenerCompatibleEvents = listenerCompatibleEvents;
        this.ticketEvents = ticketEvents;
    }

    /** Replaces the {@link JiraIssueEvent} in the body by the list of its events. */
    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(eventsFor(message.getBody(JiraIssueEvent.class)));
    }

    public List<OutboundEvent> eventsFor(JiraIssueEvent issue) {
        List<OutboundEvent> events = new ArrayList<>(2);
        listenerCompatibleEvents.eventFor(issue).ifPresent(events::add);
        ticketEvents.eventFor(issue).ifPresent(events::add);
        return events;
    }
}
