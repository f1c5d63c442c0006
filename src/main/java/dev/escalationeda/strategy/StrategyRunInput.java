package dev.escalationeda.strategy;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST /api/strategy-runs}: the strategy, its variables, and optionally the start event's
 * attributes (by default the first stage's trigger).
 */
public record StrategyRunInput(String strategy, Map<String, String> variables, Map<String, String> emit) {

    public StrategyRunInput {
        variables = given(variables);
        emit = given(emit);
    }

    /** The values given; a null value is one not given (a variable then takes its default, or is required). */
    private static Map<String, String> given(Map<String, String> values) {
        return values == null ? Map.of() : values.entrySet().stream().filter(entry -> entry.getValue() != null)
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
