package dev.escalationeda.strategy;

import java.time.Instant;
import java.util.Map;

import dev.escalationeda.strategy.definition.ActionKind;
import dev.escalationeda.strategy.definition.StageAction;

/**
 * A stage of a run whose triggers have all arrived: its action, to carry out once.
 *
 * @param lease the stage's lease when the work was handed out (null for a stage waiting outside): a
 *        worker carries the action out only while the stage still holds that lease, so work queued
 *        before a takeover is dropped
 */
public record StageWork(String contextId, String strategy, String stage, StageAction action, Map<String, String> variables,
        Instant lease) {

    public StageWork {
        variables = Map.copyOf(variables);
    }

    public ActionKind kind() {
        return action.kind();
    }

    /** The same work, holding the stage until {@code until}. */
    public StageWork withLease(Instant until) {
        return new StageWork(contextId, strategy, stage, action, variables, until);
    }
}
