package dev.escalationeda.strategy.definition;

import java.util.Map;

/**
 * A stage's action.
 *
 * @param settings the kind's own keys (tekton: pipeline, namespace; http: url, method; approval:
 *        approvers, subject), values may hold {@code ${variable}} references
 * @param params tekton: PipelineRun params; http: the JSON body's fields
 */
public record StageAction(ActionKind kind, Map<String, String> settings, Map<String, String> params) {

    public StageAction {
        settings = Map.copyOf(settings);
        params = Map.copyOf(params);
    }

    public String setting(String key) {
        return settings.get(key);
    }
}
