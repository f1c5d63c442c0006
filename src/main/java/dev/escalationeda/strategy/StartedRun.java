package dev.escalationeda.strategy;

import dev.escalationeda.events.OutboundEvent;

/** A run started through the API, and its start event, which the route emits; null when the run had been started before. */
public record StartedRun(StrategyRunView run, OutboundEvent startEvent) {
}
