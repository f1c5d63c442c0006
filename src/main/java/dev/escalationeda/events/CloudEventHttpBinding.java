package dev.escalationeda.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.http.HttpMethods;

/**
 * Writes an {@link OutboundEvent} as a CloudEvents 1.0 binary-mode HTTP message: attributes as
 * {@code ce-*} headers, data as the JSON body. The same message is what in-process consumers see.
 * A {@link Processor}, so that the route calls it directly rather than through bean-method binding.
 */
@ApplicationScoped
@Named("cloudEventHttpBinding")
public class CloudEventHttpBinding implements Processor {

    public static final String SPEC_VERSION = "1.0";

    private final ObjectMapper objectMapper;

    public CloudEventHttpBinding(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        Message message = exchange.getMessage();
        OutboundEvent event = message.getMandatoryBody(OutboundEvent.class);
        message.removeHeaders("*");
        message.setHeader("ce-specversion", SPEC_VERSION);
        message.setHeader("ce-id", event.id());
        message.setHeader("ce-type", event.type());
        message.setHeader("ce-source", event.source());
        message.setHeader("ce-time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        if (event.subject() != null) {
            message.setHeader("ce-subject", event.subject());
        }
        for (Map.Entry<String, String> extension : event.extensions().entrySet()) {
            message.setHeader("ce-" + extension.getKey(), extension.getValue());
        }
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // camel-http's own enum: given as the String "POST", camel-http would convert it on every send.
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setBody(objectMapper.writeValueAsBytes(event.data()));
    }
}
