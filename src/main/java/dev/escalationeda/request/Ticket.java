package dev.escalationeda.request;

/** The approval ticket of a request. */
public record Ticket(String key, String url) {
}
