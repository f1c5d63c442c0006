package dev.escalationeda.request;

import java.util.Map;

/** A request refused before anything was stored or sent, with one reason per field ({@link #body()}). */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final Map<String, String> errors;

    public RequestRejectedException(int status, Map<String, String> errors) {
        super(errors.toString());
        this.status = status;
        this.errors = Map.copyOf(errors);
    }

    public int status() {
        return status;
    }

    /** The JSON answer: {@code {"errors": {"<field>": "<reason>"}}}. */
    public Map<String, Object> body() {
        return Map.of("errors", errors);
    }
}
