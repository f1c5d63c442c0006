package dev.escalationeda.request;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.escalationeda.testing.ApprovalTickets;
import dev.escalationeda.testing.JiraAndBackstageResource;
import dev.escalationeda.testing.JiraWebhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Approvals by label (APPROVAL_RULE=labels) with a transition to done configured: the issue of a
 * provisioned request is moved to done unless Jira showed it done already.
 */
@QuarkusTest
@TestProfile(JiraLabelsRuleTest.LabelsRuleClosingTickets.class)
@QuarkusTestResource(value = JiraAndBackstageResource.class, restrictToAnnotatedClass = true)
class JiraLabelsRuleTest {

    private static final String DONE_TRANSITION = "31";

    WireMockServer jira;

    public static class LabelsRuleClosingTickets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eda.approval.rule", "labels", "eda.jira.done-transition-id", DONE_TRANSITION);
        }
    }

    @Test
    void anIssueLabelledApprovedWhileOpenIsMovedToDoneOnceTheNamespaceIsProvisioned() {
        String id = request();
        String key = ApprovalTickets.awaitKey(id);

        JiraWebhooks.relabel(key, "In Progress", "indeterminate", "escalation-eda", "approved").statusCode(200);

        awaitNotified(id, "provisioned");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/transitions"))
                .withRequestBody(equalToJson("{\"transition\":{\"id\":\"" + DONE_TRANSITION + "\"}}")));
        assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("timeline.find { it.event == 'approved' }.message"))
                .isEqualTo("decided in Jira issue " + key + " (label approved, status In Progress)");
    }

    @Test
    void anIssueLabelledApprovedWhenDoneAlreadyIsNotMovedAgain() {
        String id = request();
        String key = ApprovalTickets.awaitKey(id);

        JiraWebhooks.relabel(key, "Done", "done", "escalation-eda", "approved").statusCode(200);

        awaitNotified(id, "provisioned");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment")));
        jira.verify(0, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/transitions")));
    }

    @Test
    void anIssueThatCannotBeCommentedOnIsNotMovedEither() {
        String id = request();
        String key = ApprovalTickets.awaitKey(id);
        StubMapping unavailable = jira.stubFor(post(urlEqualTo("/rest/api/2/issue/" + key + "/comment")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        try {
            JiraWebhooks.relabel(key, "In Progress", "indeterminate", "escalation-eda", "approved").statusCode(200);

            awaitNotified(id, "provisioned");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<List<String>>path("timeline.event"))
                    .containsOnlyOnce("ticket-update-failed");
            jira.verify(0, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/transitions")));
        } finally {
            jira.removeStub(unavailable);
        }
    }

    private static String request() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        return given().contentType("application/json")
                .body("{\"namespace\":\"" + namespace + "\",\"size\":\"large\",\"requester\":\"jdoe\",\"reason\":\"load tests\"}")
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
    }

    private static void awaitNotified(String id, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> status.equals(
                given().get("/api/namespace-requests/" + id).then().extract().path("status"))
                && given().get("/api/namespace-requests/" + id).then().extract().path("notifiedAt") != null);
    }
}
