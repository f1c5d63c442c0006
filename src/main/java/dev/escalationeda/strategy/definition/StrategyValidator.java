package dev.escalationeda.strategy.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks what only the whole set of definitions can tell: names that must exist, triggers that
 * something must emit, variables that must be bound, and the graph of stages (edges from a stage to
 * the stages its events trigger): no cycles; stages never reached are a warning.
 */
final class StrategyValidator {

    private static final String EVENT_PREFIX = "event.";
    /** The values a stage's $stage_status can take. */
    private static final List<String> STATUSES = List.of("Success", "Failed");

    private final Problems problems;

    StrategyValidator(Problems problems) {
        this.problems = problems;
    }

    void validate(List<StrategyDefinition> definitions, List<StrategyTrigger> triggers) {
        Map<String, StrategyDefinition> byName = new LinkedHashMap<>();
        for (StrategyDefinition definition : definitions) {
            if (byName.putIfAbsent(definition.name(), definition) != null) {
                problems.error(definition.source(), "strategy '" + definition.name() + "' is defined twice (also at "
                        + byName.get(definition.name()).source() + ")");
            }
        }
        for (StrategyTrigger trigger : triggers) {
            StrategyDefinition definition = byName.get(trigger.strategy());
            if (definition == null) {
                problems.error(trigger.source(), "strategy trigger '" + trigger.name() + "' starts strategy '" + trigger.strategy()
                        + "', which is not defined");
            } else {
                validate(trigger, definition);
            }
        }
        byName.values().forEach(definition -> validate(definition, triggers));
    }

    private void validate(StrategyTrigger trigger, StrategyDefinition definition) {
        new TreeMap<>(trigger.variables()).forEach((name, template) -> {
            if (!definition.variables().containsKey(name)) {
                problems.error(trigger.source(), "strategy trigger '" + trigger.name() + "' binds '" + name
                        + "', which is not a variable of strategy '" + definition.name() + "'");
            }
            for (String reference : Templates.references(template)) {
                if (!reference.startsWith(EVENT_PREFIX) && !definition.variables().containsKey(reference)) {
                    problems.error(trigger.source(), "variable '" + name + "' of strategy trigger '" + trigger.name()
                            + "' refers to '${" + reference + "}', which is neither event.<attribute> nor a variable of the strategy");
                }
            }
        });
        definition.variables().forEach((name, defaultValue) -> {
            if (defaultValue == null && !trigger.variables().containsKey(name)) {
                problems.error(trigger.source(), "strategy trigger '" + trigger.name() + "' does not bind variable '" + name
                        + "', which has no default");
            }
        });
        definition.stage(definition.firstStage()).filter(first -> first.triggers().size() == 1).ifPresent(first -> {
            if (!trigger.emit().isEmpty() && !first.triggers().get(0).producibleBy(trigger.emit(), null)) {
                problems.error(trigger.source(), "strategy trigger '" + trigger.name() + "' emits " + describe(trigger.emit())
                        + ", which does not trigger the first stage '" + first.name() + "' (it waits for "
                        + describe(first.triggers().get(0).attributes()) + ")");
            }
        });
        for (AttributeFilter filter : trigger.filters()) {
            if (filter.allowed().isEmpty() && filter.disallowed().isEmpty()) {
                problems.error(filter.source(), "filter on '" + filter.attribute() + "' needs 'allowed' or 'disallowed'");
            }
        }
    }

    /** A tekton stage's PipelineRun is named after it: the name must give one, and not another stage's. */
    private void checkPipelineRunName(StageDefinition stage, Map<String, StageDefinition> pipelineRunNames) {
        String name = PipelineRunNames.stagePart(stage.name());
        if (name.isEmpty()) {
            problems.error(stage.source(), "stage '" + stage.name() + "' needs a letter or digit in its name to name its PipelineRun");
            return;
        }
        StageDefinition other = pipelineRunNames.putIfAbsent(name, stage);
        if (other != null) {
            problems.error(stage.source(), "stages '" + other.name() + "' and '" + stage.name() + "' would name their PipelineRuns alike ('"
                    + name + "-<run>'); names differ in their first 26 letters, digits and dashes");
        }
    }

    private void validate(StrategyDefinition definition, List<StrategyTrigger> triggers) {
        Map<String, StageDefinition> stages = new LinkedHashMap<>();
        Map<String, StageDefinition> pipelineRunNames = new HashMap<>();
        for (StageDefinition stage : definition.stages()) {
            if (stages.putIfAbsent(stage.name(), stage) != null) {
                problems.error(stage.source(), "stage '" + stage.name() + "' is defined twice in strategy '" + definition.name() + "'");
            } else if (stage.action().kind() == ActionKind.TEKTON) {
                checkPipelineRunName(stage, pipelineRunNames);
            }
            checkReferences(definition, stage);
        }
        StageDefinition first = stages.get(definition.firstStage());
        if (first == null) {
            problems.error(definition.source(), "firstStage '" + definition.firstStage() + "' is not a stage of strategy '"
                    + definition.name() + "'");
        } else if (first.triggers().size() != 1) {
            problems.error(first.source(), "first stage '" + first.name() + "' must have exactly one trigger (a run's start event)");
        }
        List<Map<String, String>> startEvents = new ArrayList<>();
        triggers.stream().filter(trigger -> trigger.strategy().equals(definition.name()) && !trigger.emit().isEmpty())
                .forEach(trigger -> startEvents.add(trigger.emit()));
        for (StageDefinition stage : stages.values()) {
            for (EventPattern trigger : stage.triggers()) {
                boolean fromStart = stage == first || startEvents.stream().anyMatch(event -> trigger.producibleBy(event, null));
                boolean fromStage = stages.values().stream().anyMatch(
                        emitter -> emitter.emits().stream().anyMatch(event -> trigger.producibleBy(event, null)));
                if (!fromStart && !fromStage) {
                    problems.error(trigger.source(), "trigger " + describe(trigger.attributes()) + " of stage '" + stage.name()
                            + "' is emitted by no stage or strategy trigger");
                }
            }
        }
        checkCycles(stages, edges(stages));
        if (first != null) {
            Set<String> reached = reachable(first, stages.values(), startEvents);
            stages.values().stream().filter(stage -> !reached.contains(stage.name())).forEach(stage -> problems.warning(stage.source(),
                    "stage '" + stage.name() + "' is never reached from first stage '" + first.name() + "'"));
        }
    }

    private void checkReferences(StrategyDefinition definition, StageDefinition stage) {
        List<String> templates = new ArrayList<>(stage.action().settings().values());
        templates.addAll(stage.action().params().values());
        stage.emits().forEach(event -> templates.addAll(event.values()));
        // Sorted and once each: the records' maps have no order, and a name used twice is one mistake.
        Set<String> references = new TreeSet<>();
        templates.forEach(template -> references.addAll(Templates.references(template)));
        for (String reference : references) {
            if (!definition.variables().containsKey(reference)) {
                problems.error(stage.source(), "stage '" + stage.name() + "' refers to '${" + reference
                        + "}', which is not a variable of strategy '" + definition.name() + "'");
            }
        }
    }

    /** An event's attributes in name order: the records' maps have none, and messages must not vary between runs. */
    private static String describe(Map<String, String> attributes) {
        return new TreeMap<>(attributes).toString();
    }

    /** Stage name to the names of the stages its emitted events can trigger. */
    private static Map<String, Set<String>> edges(Map<String, StageDefinition> stages) {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (StageDefinition from : stages.values()) {
            Set<String> targets = new LinkedHashSet<>();
            for (StageDefinition to : stages.values()) {
                boolean triggered = to.triggers().stream()
                        .anyMatch(trigger -> from.emits().stream().anyMatch(event -> trigger.producibleBy(event, null)));
                if (triggered) {
                    targets.add(to.name());
                }
            }
            edges.put(from.name(), targets);
        }
        return edges;
    }

    private void checkCycles(Map<String, StageDefinition> stages, Map<String, Set<String>> edges) {
        Set<String> done = new HashSet<>();
        for (String start : stages.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            findCycle(start, edges, path, new HashSet<>(), done).ifPresent(cycle -> problems.error(stages.get(cycle.get(0)).source(),
                    "stages form a cycle: " + String.join(" -> ", cycle)));
        }
    }

    private static Optional<List<String>> findCycle(String stage, Map<String, Set<String>> edges, Deque<String> path,
            Set<String> onPath, Set<String> done) {
        if (onPath.contains(stage)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String step : (Iterable<String>) path::descendingIterator) {
                inCycle = inCycle || step.equals(stage);
                if (inCycle) {
                    cycle.add(step);
                }
            }
            cycle.add(stage);
            return Optional.of(cycle);
        }
        if (!done.add(stage)) {
            return Optional.empty();
        }
        path.push(stage);
        onPath.add(stage);
        for (String next : edges.getOrDefault(stage, Set.of())) {
            Optional<List<String>> cycle = findCycle(next, edges, path, onPath, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.pop();
        onPath.remove(stage);
        return Optional.empty();
    }

    /**
     * The stages a run can get to: the first stage, then every stage all of whose triggers the start
     * events or the stages reached so far can emit, with a stage's status being Success or Failed.
     */
    private static Set<String> reachable(StageDefinition first, Collection<StageDefinition> stages, List<Map<String, String>> startEvents) {
        Set<String> reached = new LinkedHashSet<>(List.of(first.name()));
        boolean grew = true;
        while (grew) {
            grew = false;
            List<Map<String, String>> emitted = new ArrayList<>(startEvents);
            stages.stream().filter(stage -> reached.contains(stage.name())).forEach(stage -> emitted.addAll(stage.emits()));
            for (StageDefinition stage : stages) {
                boolean triggered = stage.triggers().stream().allMatch(trigger -> emitted.stream()
                        .anyMatch(event -> STATUSES.stream().anyMatch(status -> trigger.producibleBy(event, status))));
                if (!reached.contains(stage.name()) && triggered) {
                    reached.add(stage.name());
                    grew = true;
                }
            }
        }
        return reached;
    }
}
