package dev.escalationeda.strategy.definition;

import java.util.Map;

/** Attribute values an event must carry, all of them, to match (for example name: FVT, status: Success). */
public record EventPattern(Map<String, String> attributes, Source source) {

    public EventPattern {
        attributes = Map.copyOf(attributes);
    }

    public boolean matches(Map<String, String> event) {
        for (Map.Entry<String, String> expected : attributes.entrySet()) {
            if (!expected.getValue().equals(event.get(expected.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an event a stage emits (its templates, before a run fills them in) can match this
     * pattern: {@code $stage_status} stands for {@code stageStatus} (any status when null) and a
     * value with a {@code ${variable}} for any value.
     */
    public boolean producibleBy(Map<String, String> emitted, String stageStatus) {
        for (Map.Entry<String, String> expected : attributes.entrySet()) {
            String value = emitted.get(expected.getKey());
            boolean matches = value != null && (value.equals(Templates.STAGE_STATUS)
                    ? stageStatus == null || stageStatus.equals(expected.getValue())
                    : value.contains("${") || value.equals(expected.getValue()));
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
