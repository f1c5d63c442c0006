package dev.escalationeda.events;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;

/**
 * A CloudEvent as a sink Kamelet receives it in binary mode: the attributes as {@code ce-*} headers (or
 * the {@code CamelCloudEvent*} headers of the Knative source), the JSON data as the body.
 */
public record ReceivedEvent(String type, JsonNode data) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static ReceivedEvent of(Message message) {
        byte[] body = message.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the event has no data");
        }
        JsonNode data;
        try {
            data = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the event data is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!data.isObject()) {
            throw new IllegalArgumentException("the event data is not a JSON object");
        }
        return new ReceivedEvent(attribute(message, "ce-type", "CamelCloudEventType"), data);
    }

    /** A text field of the data that must be there. */
    public String required(String field) {
        JsonNode value = data.path(field);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the event data has no " + field);
        }
        return value.asText();
    }

    /** A text field of the data, or null. */
    public String optional(String field) {
        JsonNode value = data.path(field);
        return value.isValueNode() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String attribute(Message message, String binaryHeader, String knativeHeader) {
        String value = message.getHeader(binaryHeader, String.class);
        return value != null ? value : message.getHeader(knativeHeader, String.class);
    }
}
