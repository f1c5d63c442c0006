package dev.escalationeda.strategy.definition;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of definition values: {@code ${name}} (a variable, or {@code event.<attribute>}
 * in trigger bindings) and {@code $stage_status} (the finished stage's status).
 */
public final class Templates {

    public static final String STAGE_STATUS = "$stage_status";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

    private Templates() {
    }

    /** Replaces every {@code ${name}} with {@code lookup.apply(name)}; unknown names become empty. */
    public static String render(String template, UnaryOperator<String> lookup) {
        Matcher matcher = REFERENCE.matcher(template);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String value = lookup.apply(matcher.group(1).trim());
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    /**
     * An event a stage emits, from its templates: each {@code ${name}} replaced as by {@link #render},
     * {@code $stage_status} by {@code stageStatus}.
     */
    public static Map<String, String> renderEvent(Map<String, String> templates, String stageStatus, UnaryOperator<String> lookup) {
        Map<String, String> event = new LinkedHashMap<>();
        templates.forEach((name, template) -> event.put(name, STAGE_STATUS.equals(template) ? stageStatus : render(template, lookup)));
        return event;
    }

    /** The names a value refers to with {@code ${name}}. */
    public static Set<String> references(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1).trim());
        }
        return names;
    }
}
