package dev.escalationeda.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the relay sends the outbox's events to the sink ({@code eda.events.outbox.*}). */
@ConfigMapping(prefix = "eda.events.outbox")
public interface EventOutboxConfig {

    /** How often the relay looks for events to send when the last look found few. */
    @WithDefault("100")
    long relayIntervalMs();

    /** Events sent in one transaction; the relay goes on at once while it finds full batches. */
    @WithDefault("200")
    int batchSize();

    /** First wait after the sink failed to take an event; doubles up to {@link #maxRetryDelay()}. */
    @WithDefault("PT1S")
    Duration retryDelay();

    @WithDefault("PT5M")
    Duration maxRetryDelay();
}
