package dev.escalationeda.strategy;

import java.util.Locale;

/** Where a stage of a run is: waiting for its triggers, running its action, or finished. */
public enum StageState {
    WAITING, RUNNING, SUCCESS, FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StageState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
