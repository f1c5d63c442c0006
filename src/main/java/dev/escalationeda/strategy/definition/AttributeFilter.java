package dev.escalationeda.strategy.definition;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lets an event through when its attribute matches one of the allowed patterns (any value when
 * none are given) and none of the disallowed ones. Patterns are globs: {@code *} matches any text.
 */
public record AttributeFilter(String attribute, List<String> allowed, List<String> disallowed, Source source) {

    public AttributeFilter {
        allowed = List.copyOf(allowed);
        disallowed = List.copyOf(disallowed);
    }

    public boolean accepts(Map<String, String> event) {
        String value = event.get(attribute);
        if (value == null) {
            return false;
        }
        boolean isAllowed = allowed.isEmpty() || allowed.stream().anyMatch(glob -> matches(glob, value));
        return isAllowed && disallowed.stream().noneMatch(glob -> matches(glob, value));
    }

    private static boolean matches(String glob, String value) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.matches(regex.toString(), value);
    }
}
