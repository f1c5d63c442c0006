package dev.escalationeda.strategy;

import java.util.Map;

/**
 * An event as strategies see it: the CloudEvent's JSON data fields as attributes, and the run it
 * belongs to (the {@code contextid} extension; null for an event from outside any run).
 *
 * @param emittedByRun handed over by the run that emitted it, in this service; false for any event
 *        received from outside, whatever its source says
 */
public record StrategyEvent(String id, String source, String type, String contextId, Map<String, String> attributes,
        boolean emittedByRun) {

    public StrategyEvent {
        attributes = Map.copyOf(attributes);
    }

    /** "source id": what makes a CloudEvent unique. */
    public String identity() {
        return identity(source, id);
    }

    /** The identity of the event with {@code source} and {@code id}. */
    public static String identity(String source, String id) {
        return source + " " + id;
    }
}
