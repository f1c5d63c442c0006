package dev.escalationeda.jira;

import java.time.Duration;
import java.util.Optional;

/** Jira settings as the service maps them, for tests that build the Jira beans themselves. */
record JiraSettings(Optional<String> url, Optional<String> username, Optional<String> apiToken, Optional<String> webhookSecret)
        implements JiraConfig {

    @Override
    public String project() {
        return "PLAT";
    }

    @Override
    public String issueType() {
        return "Task";
    }

    @Override
    public Optional<String> doneTransitionId() {
        return Optional.empty();
    }

    @Override
    public Duration searchSettle() {
        return Duration.ofSeconds(10);
    }
}
