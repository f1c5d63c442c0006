package dev.escalationeda.strategy.definition;

import java.util.List;
import java.util.Map;

/**
 * An external event that starts a run of a strategy.
 *
 * @param match attribute values the event must carry (for example name: Push)
 * @param filters further conditions on the event's attributes (allowed / disallowed patterns)
 * @param variables the run's variable bindings; values may reference {@code ${event.<attribute>}}
 *        and the strategy's variables
 * @param emit the run's first event; empty means the first stage's trigger
 */
public record StrategyTrigger(String name, String strategy, Source source, EventPattern match, List<AttributeFilter> filters,
        Map<String, String> variables, Map<String, String> emit) {

    public StrategyTrigger {
        filters = List.copyOf(filters);
        variables = Map.copyOf(variables);
        emit = Map.copyOf(emit);
    }

    public boolean accepts(Map<String, String> event) {
        return match.matches(event) && filters.stream().allMatch(filter -> filter.accepts(event));
    }
}
