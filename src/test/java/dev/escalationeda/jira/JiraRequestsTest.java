package dev.escalationeda.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.request.NamespaceRequest;
import dev.escalationeda.request.RequestStatus;
import dev.escalationeda.webhook.JiraIssueEvent;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Reading Jira's issue search answers (the configuration is not needed for that), and how calls authenticate. */
class JiraRequestsTest {

    private static final NamespaceRequest REQUEST = new NamespaceRequest("r-1", "team-a", "large", "jdoe", null, List.of(), null, null,
            RequestStatus.PENDING_APPROVAL, null, null, null, null, null, null);

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

    @Test
    void aTokenWithoutAUserNameIsSentAsABearerPersonalAccessToken() {
        assertThat(authorization(Optional.empty(), "personal-access-token")).isEqualTo("Bearer personal-access-token");
    }

    @Test
    void aTokenWithAUserNameIsSentAsBasicAuth() {
        assertThat(authorization(Optional.of("bot@example.com"), "api-token")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("bot@example.com:api-token".getBytes(StandardCharsets.UTF_8)));
    }

    /** The Authorization header of a Jira call made with these credentials. */
    private static String authorization(Optional<String> username, String apiToken) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        new JiraRequests(config(username, apiToken), null, new ObjectMapper(), Clock.systemUTC()).searchIssue(exchange, REQUEST);
        return exchange.getMessage().getHeader("Authorization", String.class);
    }

    private static JiraConfig config(Optional<String> username, String apiToken) {
        return new JiraSettings(Optional.of("https://jira.example.com"), username, Optional.of(apiToken), Optional.empty());
    }
}
