package dev.escalationeda.strategy;

import java.util.Map;

/**
 * {@code POST /api/strategy-runs}: the strategy, its variables, and optionally the start event's
 * attributes (by default the first stage's trigger).
 */
public record StrategyRunInput(String strategy, Map<String, String> variables, Map<String, String> emit) {

    public StrategyRunInput {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        emit = emit == null ? Map.of() : Map.copyOf(emit);
    }
}
