package dev.escalationeda.jira;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Jira Cloud or Server/Data Center, with the public escalation workflow's variable names. */
@ConfigMapping(prefix = "eda.jira")
public interface JiraConfig {

    /** Without it, approvals go to the service's own inbox ({@code /approve}, {@code /deny}). */
    Optional<String> url();

    /** With {@link #apiToken()}: basic auth (Jira Cloud). Without: the token is a bearer personal access token. */
    Optional<String> username();

    Optional<String> apiToken();

    String project();

    /** Issue type id or name of the approval issues. */
    String issueType();

    /** The webhook's secret: with Jira configured it is required, as unsigned webhooks could approve requests. */
    Optional<String> webhookSecret();

    /** Transition that closes an approval issue after provisioning; without it the issue is only commented. */
    Optional<String> doneTransitionId();

    /**
     * How long after an attempt to open an issue whose answer was lost the service waits before it
     * searches for that issue: Jira Cloud's search shows a new issue only after a few seconds.
     */
    Duration searchSettle();

    default boolean configured() {
        return url().isPresent();
    }
}
