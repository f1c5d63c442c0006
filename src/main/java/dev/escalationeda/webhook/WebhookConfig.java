package dev.escalationeda.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.webhook")
public interface WebhookConfig {

    /** How long a delivery in flight is reserved for the replica processing it before another may take it over. */
    Duration claimTimeout();

    /** How long processed delivery ids are remembered to drop Jira's redeliveries. */
    Duration deliveryRetention();
}
