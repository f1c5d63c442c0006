package dev.escalationeda.request;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a namespace request stands. */
public enum RequestStatus {
    PENDING_APPROVAL("pending-approval", true),
    PROVISIONING("provisioning", true),
    PROVISIONED("provisioned", false),
    DENIED("denied", false),
    FAILED("failed", false);

    private final String value;
    private final boolean open;

    RequestStatus(String value, boolean open) {
        this.value = value;
        this.open = open;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** An open request holds its namespace: a second request for it is a conflict. */
    public boolean isOpen() {
        return open;
    }

    public static RequestStatus of(String value) {
        for (RequestStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status " + value);
    }
}
