package dev.escalationeda.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

class ListenerCompatibleEventsTest {

    private static final JiraIssueEvent DONE_ESCALATION_TICKET = new JiraIssueEvent("d-1", "jira:issue_updated", "ES-4",
            List.of("workflowInstanceId=500", "workflowName=escalation"), "Done", "done", null);

    @Test
    void theCompatibilitySwitchOffLeavesADoneEscalationTicketWithoutEvent() throws IOException {
        assertThat(configuredBy(Map.of()).eventFor(DONE_ESCALATION_TICKET)).as("on by default").isPresent();
        assertThat(configuredBy(Map.of("JIRA_LISTENER_COMPATIBILITY", "false")).eventFor(DONE_ESCALATION_TICKET)).isEmpty();
    }

    /** The bean as the service configures it: application.properties under {@code environment}. */
    private static ListenerCompatibleEvents configuredBy(Map<String, String> environment) throws IOException {
        ListenerCompatibilityConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(ListenerCompatibleEventsTest.class.getResource("/application.properties"), 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withMapping(ListenerCompatibilityConfig.class)
                .build()
                .getConfigMapping(ListenerCompatibilityConfig.class);
        return new ListenerCompatibleEvents(config);
    }
}
