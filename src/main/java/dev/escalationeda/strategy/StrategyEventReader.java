package dev.escalationeda.strategy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.request.RequestRejectedException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Message;

/**
 * Reads a CloudEvent from an HTTP message in binary mode ({@code ce-*} headers, JSON data) or in
 * structured mode ({@code application/cloudevents+json}), with the CloudEvents SDK. Anything that is
 * not a CloudEvent with a JSON object as data is refused with a 400 that says why.
 */
@ApplicationScoped
@Named("strategyEventReader")
public class StrategyEventReader {

    public static final String CONTEXT_ID = "contextid";

    /** The width of the columns that keep an event's identity (source, a space, id): the run's cause, a seen trigger. */
    private static final int MAX_IDENTITY_LENGTH = 1000;

    private final ObjectMapper objectMapper;

    public StrategyEventReader(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public StrategyEvent read(Message message) {
        byte[] body = message.getBody(byte[].class);
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReader(forEachHeader -> message.getHeaders().forEach((name, value) -> {
                if (value instanceof String text) {
                    forEachHeader.accept(name.toLowerCase(Locale.ROOT), text);
                }
            }), body == null ? new byte[0] : body).toEvent();
        } catch (CloudEventRWException | EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
            throw rejected("not a CloudEvent: " + e.getMessage());
        }
        Object contextId = event.getExtension(CONTEXT_ID);
        StrategyEvent read = new StrategyEvent(event.getId(), event.getSource().toString(), event.getType(),
                contextId == null ? null : contextId.toString(), attributes(event), false);
        if (read.identity().length() > MAX_IDENTITY_LENGTH) {
            throw rejected("source and id together must be at most " + (MAX_IDENTITY_LENGTH - 1) + " characters");
        }
        return read;
    }

    private Map<String, String> attributes(CloudEvent event) {
        if (event.getData() == null) {
            return Map.of();
        }
        JsonNode data;
        try {
            data = objectMapper.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw rejected("the data is not JSON: " + e.getMessage());
        }
        if (data == null || !data.isObject()) {
            throw rejected("the data must be a JSON object (its fields are the event's attributes)");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        data.fields().forEachRemaining(field -> attributes.put(field.getKey(),
                field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        return attributes;
    }

    private static RequestRejectedException rejected(String reason) {
        return new RequestRejectedException(400, Map.of("event", reason));
    }
}
