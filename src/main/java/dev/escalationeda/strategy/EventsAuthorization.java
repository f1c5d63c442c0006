package dev.escalationeda.strategy;

import dev.escalationeda.support.BearerTokenAuthorization;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Lets an event into {@code POST /events} only with EVENTS_TOKEN as bearer token, when one is set. */
@Singleton
@Named("eventsAuthorization")
public class EventsAuthorization extends BearerTokenAuthorization {

    public EventsAuthorization(StrategyConfig config) {
        super(config.eventsToken());
    }
}
