package dev.escalationeda.strategy.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delivery strategy: stages linked by the events they emit and wait for.
 *
 * @param variables name to default value (null: no default, a run must bind it)
 * @param firstStage the stage a run's start event triggers
 */
public record StrategyDefinition(String name, Source source, Map<String, String> variables, String firstStage,
        List<StageDefinition> stages) {

    public StrategyDefinition {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        stages = List.copyOf(stages);
    }

    public Optional<StageDefinition> stage(String stageName) {
        return stages.stream().filter(stage -> stage.name().equals(stageName)).findFirst();
    }
}
