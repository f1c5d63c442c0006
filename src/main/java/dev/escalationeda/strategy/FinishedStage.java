package dev.escalationeda.strategy;

import java.util.List;

import dev.escalationeda.events.OutboundEvent;

/** A stage that has just finished, with the events it emits. */
public record FinishedStage(String contextId, String stage, List<OutboundEvent> events) {

    public FinishedStage {
        events = List.copyOf(events);
    }
}
