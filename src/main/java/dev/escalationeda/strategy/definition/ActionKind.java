package dev.escalationeda.strategy.definition;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a stage does once all of its triggers have arrived. */
public enum ActionKind {
    /** Emit the stage's events at once, with status Success. */
    EVENT,
    /** Create a tekton.dev/v1 PipelineRun; its Succeeded condition decides the status. */
    TEKTON,
    /** Call a URL; a 2xx answer is Success, anything else Failed. */
    HTTP,
    /** Mail signed approve / reject links to the approvers; the decision is the status. */
    APPROVAL,
    /** Wait for an event reporting the stage's status ({@code stage} and {@code status} attributes). */
    EXTERNAL;

    /** The name written in definition files. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ActionKind> fromYaml(String name) {
        return Arrays.stream(values()).filter(kind -> kind.yamlName().equals(name)).findFirst();
    }
}
