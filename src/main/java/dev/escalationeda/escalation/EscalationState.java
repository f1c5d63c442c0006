package dev.escalationeda.escalation;

/** Where one level of a request's escalation stands. */
public enum EscalationState {
    /** Waiting for its due time (or for a retry of its e-mail). */
    PENDING("pending"),
    /** The e-mail is sent; Jira comment, Backstage notification and event still to go. */
    MAILED("mailed"),
    /** The ticket is commented too; Backstage notification and event still to go (a retry does not comment again). */
    COMMENTED("commented"),
    DONE("done"),
    /** The approval was decided first. */
    CANCELLED("cancelled"),
    /** There was nobody to mail (the request names no manager). */
    SKIPPED("skipped");

    private final String value;

    EscalationState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static EscalationState of(String value) {
        for (EscalationState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown escalation state " + value);
    }
}
