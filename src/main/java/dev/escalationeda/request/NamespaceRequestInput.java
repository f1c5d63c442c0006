package dev.escalationeda.request;

import java.util.List;

/** The body of {@code POST /api/namespace-requests}, as the caller sent it (not yet validated). */
public record NamespaceRequestInput(String namespace, String size, String requester, String reason,
        List<String> recipients, String manager, String requesterEmail) {

    public List<String> recipientsOrEmpty() {
        return recipients == null ? List.of() : recipients;
    }
}
