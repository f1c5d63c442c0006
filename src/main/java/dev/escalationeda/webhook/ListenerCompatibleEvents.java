package dev.escalationeda.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.escalationeda.events.OutboundEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The event the public jira-listener emits, with the same filter, type, source, extension and
 * data, so that a SonataFlow escalation workflow can consume this service unchanged: a done issue
 * labelled {@code workflowInstanceId=<id>} and {@code workflowName=escalation}.
 */
@ApplicationScoped
public class ListenerCompatibleEvents {

    static final String PROCESS_REFERENCE_EXTENSION = "kogitoprocrefid";

    private final ListenerCompatibilityConfig config;

    public ListenerCompatibleEvents(ListenerCompatibilityConfig config) {
        this.config = config;
    }

    public Optional<OutboundEvent> eventFor(JiraIssueEvent issue) {
        if (!config.enabled() || issue.issueKey() == null || !issue.isDone()) {
            return Optional.empty();
        }
        String instanceId = labelValue(issue.labels(), config.workflowInstanceIdLabel());
        String workflowName = labelValue(issue.labels(), config.workflowNameLabel());
        if (instanceId == null || !config.expectedWorkflowName().equals(workflowName)) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticketId", issue.issueKey());
        data.put("workFlowInstanceId", instanceId);
        data.put("workflowName", workflowName);
        data.put("status", "done");
        return Optional.of(new OutboundEvent(issue.deliveryId(), config.cloudEventType(), config.cloudEventSource(),
                null, Map.of(PROCESS_REFERENCE_EXTENSION, instanceId), data));
    }

    private static String labelValue(List<String> labels, String name) {
        String prefix = name + "=";
        return labels.stream()
                .filter(label -> label.startsWith(prefix) && label.length() > prefix.length())
                .map(label -> label.substring(prefix.length()))
                .findFirst()
                .orElse(null);
    }
}
