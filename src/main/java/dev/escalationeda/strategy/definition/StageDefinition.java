package dev.escalationeda.strategy.definition;

import java.util.List;
import java.util.Map;

/**
 * One stage of a strategy.
 *
 * @param triggers all of them must have arrived for a run before the stage starts (AND)
 * @param emits the events sent when the stage finishes; values may be {@code $stage_status} or hold
 *        {@code ${variable}} references
 */
public record StageDefinition(String name, Source source, StageAction action, List<EventPattern> triggers,
        List<Map<String, String>> emits) {

    public StageDefinition {
        triggers = List.copyOf(triggers);
        emits = emits.stream().map(Map::copyOf).toList();
    }
}
