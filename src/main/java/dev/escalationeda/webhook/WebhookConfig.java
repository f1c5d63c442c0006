package dev.escalationeda.webhook;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.webhook")
public interface WebhookConfig {

    /** Shared secret of the Jira webhook; when present every delivery must be signed with it. */
    Optional<String> secret();
}
