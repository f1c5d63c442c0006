package dev.escalationeda.strategy;

/** The status of a strategy run, as the REST API shows it. */
public enum RunStatus {
    IN_PROGRESS("in-progress"), SUCCESS("success"), FAILED("failed");

    private final String value;

    RunStatus(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static RunStatus of(String value) {
        for (RunStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown run status " + value);
    }
}
