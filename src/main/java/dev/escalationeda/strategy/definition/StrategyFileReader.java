package dev.escalationeda.strategy.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.snakeyaml.engine.v2.nodes.Node;

/** Turns the documents of a definition file into strategies and strategy triggers. */
final class StrategyFileReader {

    static final String DEFINITION = "StrategyDefinition";
    static final String TRIGGER = "StrategyTrigger";

    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Map<ActionKind, Set<String>> ACTION_KEYS = Map.of(
            ActionKind.EVENT, Set.of("kind"),
            ActionKind.EXTERNAL, Set.of("kind"),
            ActionKind.TEKTON, Set.of("kind", "pipeline", "namespace", "params"),
            ActionKind.HTTP, Set.of("kind", "url", "method", "params"),
            ActionKind.APPROVAL, Set.of("kind", "approvers", "subject"));
    private static final Map<ActionKind, String> REQUIRED_SETTING = Map.of(
            ActionKind.TEKTON, "pipeline", ActionKind.HTTP, "url", ActionKind.APPROVAL, "approvers");

    private final Problems problems;
    private final List<StrategyDefinition> definitions = new ArrayList<>();
    private final List<StrategyTrigger> triggers = new ArrayList<>();

    StrategyFileReader(Problems problems) {
        this.problems = problems;
    }

    List<StrategyDefinition> definitions() {
        return definitions;
    }

    List<StrategyTrigger> triggers() {
        return triggers;
    }

    void read(String file, Node document) {
        if (YamlMapping.isNull(document)) {
            return; // an empty document: a file ending in ---, or one holding only comments
        }
        YamlMapping root = YamlMapping.of(file, "a document", document, problems);
        String kind = root.scalar("kind", true);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case DEFINITION -> definition(root).ifPresent(definitions::add);
            case TRIGGER -> trigger(root).ifPresent(triggers::add);
            default -> problems.error(root.source(root.node("kind").orElseThrow()),
                    "unknown document kind '" + kind + "' (expected " + DEFINITION + " or " + TRIGGER + ")");
        }
    }

    private Optional<StrategyDefinition> definition(YamlMapping root) {
        root.allowOnly(Set.of("kind", "name", "variables", "firstStage", "stages"));
        String name = root.scalar("name", true);
        Map<String, String> variables = new LinkedHashMap<>();
        for (Node item : root.sequence("variables", false)) {
            YamlMapping variable = YamlMapping.of(root.file(), "a variable", item, problems);
            variable.allowOnly(Set.of("name", "default"));
            String variableName = variable.scalar("name", true);
            if (variableName != null && variables.containsKey(variableName)) {
                problems.error(variable.source(), "variable '" + variableName + "' is declared twice");
            } else if (variableName != null) {
                variables.put(variableName, variable.scalar("default", false));
            }
        }
        String firstStage = root.scalar("firstStage", true);
        List<Node> stageNodes = root.sequence("stages", true);
        if (stageNodes.isEmpty() && root.node("stages").isPresent()) {
            problems.error(root.source(root.node("stages").get()), "a strategy needs at least one stage");
        }
        List<StageDefinition> stages = new ArrayList<>();
        stageNodes.forEach(node -> stage(root.file(), node).ifPresent(stages::add));
        if (name == null || firstStage == null) {
            return Optional.empty();
        }
        return Optional.of(new StrategyDefinition(name, root.source(), variables, firstStage, stages));
    }

    private Optional<StageDefinition> stage(String file, Node node) {
        YamlMapping stage = YamlMapping.of(file, "a stage", node, problems);
        stage.allowOnly(Set.of("name", "action", "triggers", "emits"));
        String name = stage.scalar("name", true);
        Optional<StageAction> action = stage.node("action").flatMap(actionNode -> action(file, actionNode));
        if (stage.node("action").isEmpty()) {
            problems.error(stage.source(), "a stage needs 'action'");
        }
        List<EventPattern> triggers = new ArrayList<>();
        List<Node> triggerNodes = stage.sequence("triggers", true);
        if (triggerNodes.isEmpty() && stage.node("triggers").isPresent()) {
            problems.error(stage.source(stage.node("triggers").get()), "a stage needs at least one trigger");
        }
        for (Node triggerNode : triggerNodes) {
            YamlMapping trigger = YamlMapping.of(file, "a trigger", triggerNode, problems);
            Map<String, String> attributes = trigger.strings();
            if (attributes.isEmpty()) {
                problems.error(trigger.source(), "a trigger needs at least one attribute to match");
            }
            triggers.add(new EventPattern(attributes, trigger.source()));
        }
        List<Map<String, String>> emits = new ArrayList<>();
        for (Node emitNode : stage.sequence("emits", false)) {
            emits.add(YamlMapping.of(file, "an emitted event", emitNode, problems).strings());
        }
        if (name == null || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StageDefinition(name, stage.source(), action.get(), triggers, emits));
    }

    private Optional<StageAction> action(String file, Node node) {
        YamlMapping action = YamlMapping.of(file, "an action", node, problems);
        String kindName = action.scalar("kind", true);
        if (kindName == null) {
            return Optional.empty();
        }
        Optional<ActionKind> kind = ActionKind.fromYaml(kindName);
        if (kind.isEmpty()) {
            problems.error(action.source(action.node("kind").orElseThrow()), "unknown action kind '" + kindName
                    + "' (expected event, tekton, http, approval or external)");
            return Optional.empty();
        }
        action.allowOnly(ACTION_KEYS.get(kind.get()));
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : new TreeSet<>(ACTION_KEYS.get(kind.get()))) { // sorted: Set.of has no stable order
            if (!key.equals("kind") && !key.equals("params")) {
                String value = action.scalar(key, key.equals(REQUIRED_SETTING.get(kind.get())));
                if (value != null) {
                    settings.put(key, value);
                }
            }
        }
        String method = settings.get("method");
        if (method != null && !HTTP_METHODS.contains(method)) {
            problems.error(action.source(action.node("method").orElseThrow()), "unknown HTTP method '" + method
                    + "' (expected GET, POST, PUT, PATCH or DELETE)");
        }
        return Optional.of(new StageAction(kind.get(), settings, action.strings("params", false)));
    }

    private Optional<StrategyTrigger> trigger(YamlMapping root) {
        root.allowOnly(Set.of("kind", "name", "strategy", "match", "filters", "variables", "emit"));
        String name = root.scalar("name", true);
        String strategy = root.scalar("strategy", true);
        Map<String, String> match = root.strings("match", true);
        if (match.isEmpty() && root.node("match").isPresent()) {
            problems.error(root.source(root.node("match").get()), "a strategy trigger must match at least one attribute");
        }
        List<AttributeFilter> filters = new ArrayList<>();
        for (Node filterNode : root.sequence("filters", false)) {
            YamlMapping filter = YamlMapping.of(root.file(), "a filter", filterNode, problems);
            filter.allowOnly(Set.of("attribute", "allowed", "disallowed"));
            String attribute = filter.scalar("attribute", true);
            if (attribute != null) {
                filters.add(new AttributeFilter(attribute, filter.scalars("allowed"), filter.scalars("disallowed"), filter.source()));
            }
        }
        Map<String, String> variables = root.strings("variables", false);
        Map<String, String> emit = root.strings("emit", false);
        if (name == null || strategy == null) {
            return Optional.empty();
        }
        return Optional.of(new StrategyTrigger(name, strategy, root.source(),
                new EventPattern(match, root.node("match").map(root::source).orElse(root.source())), filters, variables, emit));
    }
}
