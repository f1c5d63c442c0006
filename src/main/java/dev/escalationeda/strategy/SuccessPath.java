package dev.escalationeda.strategy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.escalationeda.strategy.definition.EventPattern;
import dev.escalationeda.strategy.definition.StageDefinition;
import dev.escalationeda.strategy.definition.StrategyDefinition;
import dev.escalationeda.strategy.definition.Templates;

/**
 * The stages a run goes through when every stage succeeds: from the first stage, each stage whose
 * triggers are all emitted by stages already on the path with status Success. A run has succeeded
 * when all of them have; stages off the path (compensation for failures) do not count. The emitted
 * events are the run's, its variables filled in: a stage that emits {@code name: ${next}} leads to
 * the one stage that the run's {@code next} names, not to every stage it could name.
 */
final class SuccessPath {

    private SuccessPath() {
    }

    static Set<String> of(StrategyDefinition definition, Map<String, String> variables) {
        Set<String> path = new LinkedHashSet<>();
        path.add(definition.firstStage());
        boolean grew = true;
        while (grew) {
            grew = false;
            List<Map<String, String>> emitted = definition.stages().stream().filter(stage -> path.contains(stage.name()))
                    .flatMap(stage -> stage.emits().stream())
                    .map(event -> Templates.renderEvent(event, Templates.STAGE_STATUS, variables::get)).toList();
            for (StageDefinition stage : definition.stages()) {
                if (!path.contains(stage.name()) && stage.triggers().stream().allMatch(trigger -> emittedOnSuccess(trigger, emitted))) {
                    path.add(stage.name());
                    grew = true;
                }
            }
        }
        return Set.copyOf(path);
    }

    /**
     * Whether the path can differ from run to run: an emitted value that a trigger waits for takes a
     * variable. A value no trigger reads (a commit passed on) changes nothing.
     */
    static boolean dependsOnVariables(StrategyDefinition definition) {
        Set<String> awaited = definition.stages().stream().flatMap(stage -> stage.triggers().stream())
                .flatMap(trigger -> trigger.attributes().keySet().stream()).collect(Collectors.toSet());
        return definition.stages().stream().flatMap(stage -> stage.emits().stream()).flatMap(event -> event.entrySet().stream())
                .anyMatch(attribute -> awaited.contains(attribute.getKey()) && !Templates.references(attribute.getValue()).isEmpty());
    }

    private static boolean emittedOnSuccess(EventPattern trigger, List<Map<String, String>> emitted) {
        return emitted.stream().anyMatch(event -> trigger.producibleBy(event, StageOutcome.SUCCESS));
    }
}
