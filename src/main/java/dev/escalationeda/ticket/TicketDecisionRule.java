package dev.escalationeda.ticket;

import dev.escalationeda.webhook.JiraIssueEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** Applies the configured {@link ApprovalConfig.Rule} to the state a webhook reports. */
@ApplicationScoped
public class TicketDecisionRule {

    private final ApprovalConfig config;

    public TicketDecisionRule(ApprovalConfig config) {
        this.config = config;
    }

    public TicketDecision decide(JiraIssueEvent issue) {
        return switch (config.rule()) {
            case RESOLUTION -> byResolution(issue);
            case LABELS -> byLabels(issue);
        };
    }

    private TicketDecision byResolution(JiraIssueEvent issue) {
        if (!issue.isDone()) {
            return TicketDecision.UPDATED;
        }
        boolean approved = issue.resolution() != null && config.approvedResolutions().stream()
                .anyMatch(resolution -> resolution.equalsIgnoreCase(issue.resolution()));
        return approved ? TicketDecision.APPROVED : TicketDecision.DENIED;
    }

    private TicketDecision byLabels(JiraIssueEvent issue) {
        if (issue.labels().contains(config.deniedLabel())) {
            return TicketDecision.DENIED;
        }
        return issue.labels().contains(config.approvedLabel()) ? TicketDecision.APPROVED : TicketDecision.UPDATED;
    }
}
