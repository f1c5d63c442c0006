package dev.escalationeda.events;

/**
 * An event in the outbox, as a relay claimed it.
 *
 * @param seq its place in the outbox: events are sent oldest first
 * @param attempts how often the sink failed to take it so far
 */
public record OutboxEntry(long seq, int attempts, OutboundEvent event) {
}
