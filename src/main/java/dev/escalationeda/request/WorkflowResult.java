package dev.escalationeda.request;

import java.util.List;

/**
 * The outcome of a finished request in the Orchestrator's WorkflowResult shape, so that Backstage
 * shows it the way it shows a workflow's output.
 */
public record WorkflowResult(Result result) {

    public record Result(String completedWith, String message, List<Output> outputs, List<Object> nextWorkflows) {
    }

    public record Output(String key, Object value, String format) {
    }

    public static WorkflowResult of(String completedWith, String message, List<Output> outputs) {
        return new WorkflowResult(new Result(completedWith, message, List.copyOf(outputs), List.of()));
    }
}
