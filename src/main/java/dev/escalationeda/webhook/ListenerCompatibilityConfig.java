package dev.escalationeda.webhook;

import io.smallrye.config.ConfigMapping;

/** The public jira-listener's contract, configured with that listener's own variable names. */
@ConfigMapping(prefix = "eda.jira-listener")
public interface ListenerCompatibilityConfig {

    /** Emit the listener-compatible event for SonataFlow workflows. */
    boolean enabled();

    String cloudEventType();

    String cloudEventSource();

    String workflowInstanceIdLabel();

    String workflowNameLabel();

    String expectedWorkflowName();
}
