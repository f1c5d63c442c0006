package dev.escalationeda.jira;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start with Jira approvals but unsigned webhooks: whoever can reach /webhook/jira could
 * then approve any request by posting a "resolved" body for its issue key.
 */
@ApplicationScoped
public class SignedWebhooksRequired {

    void check(@Observes StartupEvent startup, JiraConfig config) {
        verify(config);
    }

    public static void verify(JiraConfig config) {
        if (config.configured() && config.webhookSecret().filter(secret -> !secret.isBlank()).isEmpty()) {
            throw new IllegalStateException("JIRA_URL is set but JIRA_WEBHOOK_SECRET is not: approvals arrive by webhook, "
                    + "so the webhook must be signed. Give the Jira webhook a secret and set JIRA_WEBHOOK_SECRET to it.");
        }
    }
}
