package dev.escalationeda.strategy.definition;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every strategy and strategy trigger loaded from the definition files, validated. */
public record Strategies(Map<String, StrategyDefinition> definitions, List<StrategyTrigger> triggers, List<String> warnings) {

    public Strategies {
        definitions = Map.copyOf(definitions);
        triggers = List.copyOf(triggers);
        warnings = List.copyOf(warnings);
    }

    public Optional<StrategyDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }
}
