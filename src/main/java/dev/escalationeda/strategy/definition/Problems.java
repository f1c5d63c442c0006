package dev.escalationeda.strategy.definition;

import java.util.ArrayList;
import java.util.List;

/** Errors and warnings found while loading definitions, each as {@code file:line: problem}. */
final class Problems {

    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void error(Source source, String problem) {
        errors.add(source + ": " + problem);
    }

    void warning(Source source, String problem) {
        warnings.add(source + ": " + problem);
    }

    List<String> errors() {
        return errors;
    }

    List<String> warnings() {
        return warnings;
    }
}
