package dev.escalationeda.request;

import java.time.Instant;

/** One thing that happened to a request. */
public record TimelineEntry(Instant at, String event, String message) {
}
