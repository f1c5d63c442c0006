package dev.escalationeda.strategy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.escalationeda.events.OutboundEvent;

/**
 * What one event did to the strategies: runs it started (with their start events to emit), triggers
 * it brought to AND-joins, stages it started, and external stages it reported on.
 */
public record EventOutcome(List<String> startedRuns, List<OutboundEvent> emitted, List<StageTrigger> joins, List<StageWork> fired,
        List<StageOutcome> completions) {

    public EventOutcome {
        startedRuns = List.copyOf(startedRuns);
        emitted = List.copyOf(emitted);
        joins = List.copyOf(joins);
        fired = List.copyOf(fired);
        completions = List.copyOf(completions);
    }

    /** The answer to the event's sender: runs started, stages started or joined, stages reported on. */
    public Map<String, List<String>> receipt() {
        return Map.of("startedRuns", startedRuns,
                "triggeredStages", Stream.concat(fired.stream().map(StageWork::stage), joins.stream().map(StageTrigger::stage)).toList(),
                "reportedStages", completions.stream().map(StageOutcome::stage).toList());
    }
}
