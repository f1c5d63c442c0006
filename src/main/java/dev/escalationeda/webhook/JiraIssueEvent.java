package dev.escalationeda.webhook;

import java.util.List;

/**
 * The fields of a Jira Cloud or Server/Data Center webhook that the service acts on.
 * Any of them may be null when the webhook does not carry it.
 *
 * @param deliveryId Jira's delivery identifier, or a digest of the body when Jira sent none
 */
public record JiraIssueEvent(String deliveryId, String webhookEvent, String issueKey, List<String> labels,
        String statusName, String statusCategoryKey, String resolution) {

    public JiraIssueEvent {
        labels = List.copyOf(labels);
    }

    public boolean isDone() {
        return "done".equals(statusCategoryKey);
    }
}
