package dev.escalationeda.request;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Reads a request body that must be one JSON object; anything else is a 400 that says where. */
public final class JsonBodyReader<T> {

    private final ObjectReader reader;
    private final String what;

    /** @param what what the body is, for the message ("send the request as a JSON object") */
    public JsonBodyReader(ObjectReader reader, String what) {
        this.reader = reader;
        this.what = what;
    }

    public T read(byte[] body) {
        if (body == null || blank(body)) {
            throw new RequestRejectedException(400, Map.of("body", "is empty: send the " + what + " as a JSON object"));
        }
        try {
            T input = reader.readValue(body);
            if (input == null) {
                throw new RequestRejectedException(400, Map.of("body", "must be a JSON object"));
            }
            return input;
        } catch (UnrecognizedPropertyException e) {
            // a misspelt field must not be dropped silently (a requester who is never mailed)
            throw new RequestRejectedException(400, Map.of(e.getPropertyName(), "is not a field of the " + what + "; its fields are "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))));
        } catch (MismatchedInputException e) {
            String field = field(e.getPath());
            throw new RequestRejectedException(400, Map.of(field.isEmpty() ? "body" : field,
                    "must be " + (field.isEmpty() ? "one JSON object and nothing else" : kind(e.getTargetType()))));
        } catch (JsonProcessingException e) {
            throw new RequestRejectedException(400, Map.of("body", "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RequestRejectedException(400, Map.of("body", "unreadable: " + e.getMessage()));
        }
    }

    /** Whether the body holds JSON's whitespace only: looked at up to its first other byte, not decoded whole. */
    private static boolean blank(byte[] body) {
        for (byte character : body) {
            if (character != ' ' && character != '\t' && character != '\n' && character != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The field a value is at, as {@code recipients[0]}; empty for the body itself. */
    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) ? "an object" : "a " + type.getSimpleName();
    }
}
