package dev.escalationeda.strategy.definition;

import java.util.List;

/** Definition files with errors: every error found, each as {@code file:line: problem}. */
public class StrategyDefinitionException extends RuntimeException {

    private final List<String> errors;

    public StrategyDefinitionException(List<String> errors) {
        super("Invalid strategy definitions:\n" + String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
