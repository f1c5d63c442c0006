package dev.escalationeda.provisioning;

import java.util.List;

import dev.escalationeda.events.ReceivedEvent;
import dev.escalationeda.request.NamespaceRequest;
import dev.escalationeda.request.NamespaceRequestInput;
import dev.escalationeda.request.NamespaceRequestValidator;
import dev.escalationeda.request.RequestStatus;
import dev.escalationeda.request.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;

/**
 * The namespace-provisioning-sink Kamelet's reading of an event: its data in the shape of the service's
 * namespace request events ({@code requestId}, {@code namespace}, {@code size}, {@code requester}, and
 * {@code ticket} if there is one), validated as the API validates a request.
 */
@ApplicationScoped
@Named("provisioningEvents")
public class ProvisioningEvents {

    private final NamespaceRequestValidator validator;

    public ProvisioningEvents(NamespaceRequestValidator validator) {
        this.validator = validator;
    }

    /**
     * @throws dev.escalationeda.request.RequestRejectedException naming each bad field
     * @throws IllegalArgumentException when the data is no JSON object or has no requestId
     */
    public NamespaceRequest read(Exchange exchange) {
        ReceivedEvent event = ReceivedEvent.of(exchange.getMessage());
        String namespace = event.optional("namespace");
        String size = event.optional("size");
        String requester = event.optional("requester");
        validator.validate(new NamespaceRequestInput(namespace, size, requester, null, null, null, null));
        String ticket = event.optional("ticket");
        return new NamespaceRequest(event.required("requestId"), namespace, size, requester, null, List.of(), null, null,
                RequestStatus.PROVISIONING, ticket == null ? null : new Ticket(ticket, null), null, null, null, null, null);
    }
}
