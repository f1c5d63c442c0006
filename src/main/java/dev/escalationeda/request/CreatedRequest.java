package dev.escalationeda.request;

/** The answer to a new request: the request, and whether this call created it (false: its idempotency key had). */
public record CreatedRequest(NamespaceRequest request, boolean created) {
}
