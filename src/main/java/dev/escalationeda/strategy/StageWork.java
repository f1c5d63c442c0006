package dev.escalationeda.strategy;

import java.util.Map;

import dev.escalationeda.strategy.definition.ActionKind;
import dev.escalationeda.strategy.definition.StageAction;

/** A stage of a run whose triggers have all arrived: its action, to carry out once. */
public record StageWork(String contextId, String strategy, String stage, StageAction action, Map<String, String> variables) {

    public StageWork {
        variables = Map.copyOf(variables);
    }

    public ActionKind kind() {
        return action.kind();
    }
}
