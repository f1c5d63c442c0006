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

/**
 * Writes an {@link OutboundEvent} as a CloudEvents 1.0 binary-mode HTTP message: attributes as
 * {@code ce-*} headers, data as the JSON body. The same message is what in-process consumers see.
 */
@ApplicationScoped
@Named("cloudEventHttpBinding")
public class CloudEventHttpBinding {

    public static final String SPEC_VERSION = "1.0";

    private final ObjectMapper objectMapper;

    public CloudEventHttpBinding(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void write(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
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
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setBody(objectMapper.writeValueAsBytes(event.data()));
    }
}
