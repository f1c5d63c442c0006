package dev.escalationeda.escalation;

import java.time.Instant;

/** An escalation row held under its lock by the sender's transaction; {@code mailedAt} is null until it is mailed. */
public record LockedEscalation(long id, String requestId, int level, String recipient, EscalationState state, int attempts,
        Instant waitingSince, Instant mailedAt) {
}
