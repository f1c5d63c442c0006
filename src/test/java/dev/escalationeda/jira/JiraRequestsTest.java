package dev.escalationeda.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.webhook.JiraIssueEvent;
import org.junit.jupiter.api.Test;

/** Reading Jira's issue search answers (the configuration is not needed for that). */
class JiraRequestsTest {

    private final JiraRequests requests = new JiraRequests(null, null, new ObjectMapper(), Clock.systemUTC());

    @Test
    void aSearchThatFoundNothingFindsNoIssue() throws JsonProcessingException {
        assertThat(requests.foundIssue("{\"issues\":[],\"isLast\":true}")).isNull();
    }

    @Test
    void theFirstIssueFoundCarriesTheStateTheApprovalRuleReads() throws JsonProcessingException {
        JiraIssueEvent issue = requests.foundIssue("{\"issues\":[{\"id\":\"10077\",\"key\":\"PLAT-1\",\"fields\":{"
                + "\"labels\":[\"escalation-eda\",\"approved\"],\"status\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}},"
                + "\"resolution\":{\"name\":\"Won't Do\"}}},{\"id\":\"10078\",\"key\":\"PLAT-2\",\"fields\":{}}]}");

        assertThat(issue.issueKey()).isEqualTo("PLAT-1");
        assertThat(issue.isDone()).isTrue();
        assertThat(issue.resolution()).isEqualTo("Won't Do");
        assertThat(issue.labels()).containsExactly("escalation-eda", "approved");
    }

    @Test
    void anAnswerThatIsNotASearchResultIsAnError() {
        assertThatThrownBy(() -> requests.foundIssue("{\"errorMessages\":[\"The value 'PLAT' does not exist for the field 'project'.\"]}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("carries no issues");
        assertThatThrownBy(() -> requests.foundIssue("{\"issues\":[{\"id\":\"10077\",\"fields\":{}}]}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no issue key");
        assertThatThrownBy(() -> requests.foundIssue("<html>Log in</html>")).isInstanceOf(JsonProcessingException.class);
    }
}
