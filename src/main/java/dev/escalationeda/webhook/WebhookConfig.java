package dev.escalationeda.webhook;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.webhook")
public interface WebhookConfig {

    /** Shared secret of the Jira webhook; when present every delivery must be signed with it. */
    Optional<String> secret();

    /** How long a delivery in flight is reserved for the replica processing it before another may take it over. */
    Duration claimTimeout();

    /** How long processed delivery ids are remembered to drop Jira's redeliveries. */
    Duration deliveryRetention();
}
