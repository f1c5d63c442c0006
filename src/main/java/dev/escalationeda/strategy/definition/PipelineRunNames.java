package dev.escalationeda.strategy.definition;

import java.util.Locale;

/**
 * Kubernetes names and label values made of strategy and stage names: lower case letters, digits
 * and {@code -}, starting and ending with a letter or digit, at most 63 characters. A PipelineRun is
 * named {@code <stage>-<context id>}, which leaves 26 characters of the stage's name.
 */
public final class PipelineRunNames {

    private static final int NAME_LIMIT = 63;
    /** A run's context id is a UUID. */
    private static final int CONTEXT_ID_LENGTH = 36;

    private PipelineRunNames() {
    }

    public static String pipelineRun(String stage, String contextId) {
        return stagePart(stage) + "-" + contextId;
    }

    /** The part of its PipelineRun's name that a stage gives: two tekton stages of a strategy must not share it. */
    public static String stagePart(String stage) {
        return fit(label(stage), NAME_LIMIT - CONTEXT_ID_LENGTH - 1);
    }

    public static String label(String value) {
        return fit(value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-"), NAME_LIMIT);
    }

    private static String fit(String value, int limit) {
        String trimmed = value.replaceAll("^-+", "");
        return (trimmed.length() > limit ? trimmed.substring(0, limit) : trimmed).replaceAll("-+$", "");
    }
}
