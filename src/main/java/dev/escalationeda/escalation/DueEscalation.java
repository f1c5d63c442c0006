package dev.escalationeda.escalation;

import java.time.Instant;

/** An escalation with work to do at {@code at}, as the sender's poll finds it. */
public record DueEscalation(long id, Instant at) {
}
