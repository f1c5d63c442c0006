package dev.escalationeda.strategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as the REST API shows it.
 *
 * @param startedBy "source id" of the event that started it; when started through the API, "<api> " and its
 *        idempotency key, or null without one
 */
public record StrategyRunView(String contextId, String strategy, String status, Map<String, String> variables, String startedBy,
        Instant createdAt, Instant finishedAt, List<StageRunView> stages) {

    /** One stage of the run: its state, each trigger and when it was seen, and how it ended. */
    public record StageRunView(String name, String action, String state, List<TriggerView> triggers, Instant startedAt,
            Instant finishedAt, String outcome, String detail) {
    }

    /** A trigger of a stage: the attributes it waits for, and the event that brought it (null: not yet). */
    public record TriggerView(Map<String, String> attributes, String seenEvent, Instant seenAt) {
    }
}
