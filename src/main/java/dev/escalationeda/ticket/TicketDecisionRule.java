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

    /**
     * What in the issue's state the rule read, as the requester is told it: "resolution Won't Do",
     * "label denied, status In Review".
     */
    public String grounds(JiraIssueEvent issue) {
        return switch (config.rule()) {
            case RESOLUTION -> issue.resolution() == null ? "no resolution" : "resolution " + issue.resolution();
            case LABELS -> "label " + (issue.labels().contains(config.deniedLabel()) ? config.deniedLabel() : config.approvedLabel())
                    + (issue.statusName() == null ? "" : ", status " + issue.statusName());
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
