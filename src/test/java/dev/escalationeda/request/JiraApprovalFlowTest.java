package dev.escalationeda.request;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import dev.escalationeda.testing.ApprovalTickets;
import dev.escalationeda.testing.CloudEventSink;
import dev.escalationeda.testing.CloudEventSinkResource;
import dev.escalationeda.testing.GreenMailResource;
import dev.escalationeda.testing.JiraAndBackstageResource;
import dev.escalationeda.testing.JiraWebhooks;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Large requests approved or denied in Jira (WireMock), mail through SMTP (GreenMail), Backstage notified. */
@QuarkusTest
@QuarkusTestResource(value = JiraAndBackstageResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CloudEventSinkResource.class, restrictToAnnotatedClass = true)
class JiraApprovalFlowTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @CloudEventSinkResource.Sink
    CloudEventSink sink;

    WireMockServer jira;

    @GreenMailResource.Mail
    GreenMail mail;

    @Test
    void approvedInJiraTheNamespaceIsProvisionedAndEveryoneIsTold() throws Exception {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        String id = request(namespace);
        String key = ApprovalTickets.awaitKey(id);

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue"))
                .withBasicAuth(new BasicCredentials(JiraAndBackstageResource.USER, JiraAndBackstageResource.TOKEN))
                .withRequestBody(equalToJson("{\"fields\":{\"project\":{\"key\":\"PLAT\"},\"issuetype\":{\"id\":\"10002\"},"
                        + "\"summary\":\"Namespace request: " + namespace + "\",\"description\":\"Namespace: " + namespace
                        + "\\nSize: large\\nRequester: jdoe\\nReason: load tests\\n\\nApprove by moving this issue to a done status "
                        + "with the resolution Done; any other resolution denies the request.\","
                        + "\"labels\":[\"escalation-eda\",\"escalation-eda-request-" + id + "\"]}}")));
        Date created = jira.findAll(postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)))
                .get(0).getLoggedDate();

        JiraWebhooks.resolve(key, "Done").statusCode(200);

        awaitStatus(id, "provisioned");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment"))
                .withRequestBody(equalToJson("{\"body\":\"Escalation EDA: request " + id + " is provisioned. namespace "
                        + namespace + " is ready\"}")));
        jira.verify(1, postRequestedFor(urlEqualTo("/api/notifications"))
                .withRequestBody(matchingJsonPath("$.recipients.entityRef[0]", equalTo("user:default/jdoe")))
                .withRequestBody(matchingJsonPath("$.payload.link", containing(key))));

        MimeMessage message = awaitMail(namespace);
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("jdoe@example.com");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains(namespace, key);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sink.events())
                .filteredOn(event -> id.equals(event.getExtension("requestid")))
                .extracting(CloudEvent::getType)
                .contains("dev.escalationeda.namespace.requested", "dev.escalationeda.ticket.approved"));
        assertOutcomeEventOnce(id, namespace, "provisioned");

        JiraWebhooks.resolve(key, "Done").statusCode(200);
        assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("status")).isEqualTo("provisioned");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment")));
        // the tests of this class run one after another, and none leaves a request with an issue still to open (and so to search for)
        assertThat(jira.findAll(getRequestedFor(anyUrl()))).as("no Jira reads from the issue's creation on")
                .filteredOn(read -> !read.getLoggedDate().before(created)).extracting(LoggedRequest::getUrl).isEmpty();
    }

    @Test
    void deniedInJiraNothingIsCreated() throws Exception {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        String id = request(namespace);
        String key = ApprovalTickets.awaitKey(id);

        JiraWebhooks.resolve(key, "Won't Do").statusCode(200);

        awaitStatus(id, "denied");
        assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("result.result.completedWith"))
                .isEqualTo("error");
        assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("result.result.message"))
                .isEqualTo("denied: decided in Jira issue " + key + " (resolution Won't Do)");
        MimeMessage denial = awaitMail(namespace);
        assertThat(denial.getSubject()).contains("denied");
        assertThat((String) ((MimeMultipart) denial.getContent()).getBodyPart(0).getContent())
                .contains("was denied: decided in Jira issue " + key + " (resolution Won't Do)");
        jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment")));
        assertOutcomeEventOnce(id, namespace, "denied");
    }

    @Test
    void jiraDownThenUpStillGetsTheRequestItsOneIssue() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        StubMapping outage = jira.stubFor(post(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)).atPriority(1)
                .inScenario("jira-outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        try {
            String id = request(namespace);
            ApprovalTickets.awaitKey(id);
            jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)));
            jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/2/search/jql")).withQueryParam("jql", equalTo(labelSearch(id)))
                    .withBasicAuth(new BasicCredentials(JiraAndBackstageResource.USER, JiraAndBackstageResource.TOKEN)));
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("status"))
                    .isEqualTo("pending-approval");
        } finally {
            jira.removeStub(outage);
        }
    }

    @Test
    void aCreateWhoseAnswerWasLostOpensNoSecondIssue() {
        whenTheCreateAnswerIsLost("lost-answer", okJson(searchAnswer("PLAT-9077")), (namespace, id) -> {
            assertThat(ApprovalTickets.awaitKey(id)).isEqualTo("PLAT-9077");
            jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)));
            jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/2/search/jql")).withQueryParam("jql", equalTo(labelSearch(id)))
                    .withQueryParam("maxResults", equalTo("1")));
            Instant created = jira.findAll(postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)))
                    .get(0).getLoggedDate().toInstant();
            Instant searched = jira.findAll(getRequestedFor(urlPathEqualTo("/rest/api/2/search/jql"))
                    .withQueryParam("jql", equalTo(labelSearch(id)))).get(0).getLoggedDate().toInstant();
            // eda.jira.search-settle is 1 s in tests; the attempt was recorded just before the create reached Jira
            assertThat(Duration.between(created, searched)).as("the search waits for Jira's index to show the issue")
                    .isGreaterThan(Duration.ofMillis(900));

            JiraWebhooks.resolve("PLAT-9077", "Done").statusCode(200);
            awaitStatus(id, "provisioned");
        });
    }

    @Test
    void anIssueDecidedBeforeTheServiceFoundItMovesTheRequestOnWithoutAWebhook() {
        String decided = searchAnswer("PLAT-9079", "{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}}", "{\"name\":\"Done\"}");
        whenTheCreateAnswerIsLost("decided-before-found", okJson(decided), (namespace, id) -> {
            awaitStatus(id, "provisioned");
            jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)));
            jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/2/search/jql")).withQueryParam("jql", equalTo(labelSearch(id)))
                    .withQueryParam("fields", equalTo("labels,status,resolution")));
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().jsonPath()
                    .getList("timeline.findAll { it.event == 'approved' }.message"))
                    .containsExactly("decided in Jira issue PLAT-9079 (resolution Done) before the service found it");
            jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue/PLAT-9079/comment")));
            // the approval goes out as a webhook's would, once
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sink.events().stream().anyMatch(event -> (id + ".found-decision").equals(event.getId())));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(sink.events())
                    .filteredOn(event -> "dev.escalationeda.ticket.approved".equals(event.getType())
                            && id.equals(event.getExtension("requestid")))
                    .singleElement().satisfies(event -> {
                        assertThat(event.getId()).isEqualTo(id + ".found-decision");
                        assertThat(event.getSubject()).isEqualTo("PLAT-9079");
                        assertThat(event.getSource().toString()).isEqualTo("/escalation-eda/jira-webhook");
                    }));
        });
    }

    @Test
    void aDecisionOnTheIssueBeforeTheRequestRecordedItIsRedeliveredNotLost() {
        // the search answers slowly: the request records the issue no sooner than 3 s after it searched
        whenTheCreateAnswerIsLost("decided-before-recorded", okJson(searchAnswer("PLAT-9081")).withFixedDelay(3_000), (namespace, id) -> {
            String delivery = UUID.randomUUID().toString();
            await().atMost(Duration.ofSeconds(5)).until(() -> jira.countRequestsMatching(
                    postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)).build()).getCount() == 1);

            // decided (by an automation rule, say) while the search that will find the issue waits for Jira's index
            JiraWebhooks.resolve("PLAT-9081", "Done", delivery, "escalation-eda", "escalation-eda-request-" + id).statusCode(503)
                    .header("Retry-After", "30");
            assertThat(ApprovalTickets.awaitKey(id)).isEqualTo("PLAT-9081");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("status")).isEqualTo("pending-approval");

            JiraWebhooks.resolve("PLAT-9081", "Done", delivery, "escalation-eda", "escalation-eda-request-" + id).statusCode(200);
            awaitStatus(id, "provisioned");
        });
    }

    @Test
    void anIssueLabelledForARequestThatHasItsIssueIsNotOurs() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        String id = request(namespace);
        ApprovalTickets.awaitKey(id);

        JiraWebhooks.resolve("PLAT-9082", "Done", UUID.randomUUID().toString(),
                "escalation-eda", "escalation-eda-request-" + id).statusCode(204);
        assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("status")).isEqualTo("pending-approval");
    }

    @Test
    void anIssueAlreadyTrackedForTheRequestIsRecordedWithoutFailingIt() {
        whenTheCreateAnswerIsLost("tracked-before-recorded", okJson(searchAnswer("PLAT-9080")), (namespace, id) -> {
            // as a crash between the two records of an earlier version left it: the issue tracked, the request without it
            ApprovalTickets.track("PLAT-9080", id);

            assertThat(ApprovalTickets.awaitKey(id)).isEqualTo("PLAT-9080");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("status")).isEqualTo("pending-approval");
            JiraWebhooks.resolve("PLAT-9080", "Done").statusCode(200);
            awaitStatus(id, "provisioned");
        });
    }

    @Test
    void onJiraDataCenterTheIssueIsFoundThroughItsSearch() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        List<StubMapping> stubs = new ArrayList<>(answerLostAfterCreating("lost-answer-data-center", namespace));
        stubs.add(jira.stubFor(get(urlPathEqualTo("/rest/api/2/search/jql")).atPriority(1)
                .willReturn(aResponse().withStatus(404))));
        stubs.add(jira.stubFor(get(urlPathEqualTo("/rest/api/2/search")).atPriority(1)
                .inScenario("lost-answer-data-center").whenScenarioStateIs("created")
                .willReturn(okJson(searchAnswer("PLAT-9078")))));
        try {
            String id = request(namespace);

            assertThat(ApprovalTickets.awaitKey(id)).isEqualTo("PLAT-9078");
            jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)));
            jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/2/search")).withQueryParam("jql", equalTo(labelSearch(id))));
        } finally {
            stubs.forEach(jira::removeStub);
        }
    }

    @Test
    void jiraDownForGoodFailsTheRequestWithTheReason() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        StubMapping outage = jira.stubFor(post(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        try {
            String id = request(namespace);
            awaitStatus(id, "failed");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("result.result.message"))
                    .contains("503");
            assertOutcomeEventOnce(id, namespace, "failed");
        } finally {
            jira.removeStub(outage);
        }
    }

    @Test
    void anIssueJiraRefusesFailsTheRequestAtOnceWithJirasReason() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        StubMapping refusal = jira.stubFor(post(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\":[],\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}")));
        try {
            String id = request(namespace);

            awaitStatus(id, "failed");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("result.result.message"))
                    .contains("400", "Specify a valid issue type");
            jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)));
            assertThat(jira.findAll(getRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
                    .as("a refusal is not an answer that went missing").noneMatch(url -> url.contains(id));
        } finally {
            jira.removeStub(refusal);
        }
    }

    @Test
    void backstageDownForGoodGivesUpTellingTheRequesterAfterItsOwnRetries() {
        List<StubMapping> stubs = new ArrayList<>(List.of(jira.stubFor(post(urlEqualTo("/api/notifications")).atPriority(1)
                .willReturn(aResponse().withStatus(503)))));
        try {
            String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
            String id = request(namespace);
            String key = ApprovalTickets.awaitKey(id);
            // the comment before it needs a retry, which must not use up Backstage's
            stubs.add(jira.stubFor(post(urlEqualTo("/rest/api/2/issue/" + key + "/comment")).atPriority(1)
                    .inScenario("comment-retried").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("answering")));
            JiraWebhooks.resolve(key, "Won't Do").statusCode(200);

            awaitStatus(id, "denied");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().<List<String>>path("timeline.event"))
                    .contains("notification-failed");
            jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment")));
            jira.verify(3, postRequestedFor(urlEqualTo("/api/notifications")).withRequestBody(containing(namespace)));
        } finally {
            stubs.forEach(jira::removeStub);
        }
    }

    /** Refused (403, not retried) or down for good (503, after the retries), the ticket's comment keeps no one from being told. */
    @ParameterizedTest
    @CsvSource({"403, 1", "503, 3"})
    void aTicketThatCannotBeUpdatedIsNotedAndTheRequesterIsStillTold(int status, int attempts) throws Exception {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        String id = request(namespace);
        String key = ApprovalTickets.awaitKey(id);
        StubMapping failing = jira.stubFor(post(urlEqualTo("/rest/api/2/issue/" + key + "/comment")).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\":[\"You do not have the permission to comment on this issue.\"],\"errors\":{}}")));
        try {
            JiraWebhooks.resolve(key, "Done").statusCode(200);

            awaitStatus(id, "provisioned");
            List<String> timeline = given().get("/api/namespace-requests/" + id).then().extract().path("timeline.event");
            assertThat(timeline).contains("ticket-update-failed", "mailed", "notified").doesNotContain("notification-failed");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().jsonPath()
                    .getString("timeline.find { it.event == 'ticket-update-failed' }.message"))
                    .startsWith("approval ticket not updated: ")
                    .contains(key + "/comment", String.valueOf(status), "You do not have the permission to comment on this issue.");
            jira.verify(attempts, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment")));
            assertThat(awaitMail(namespace).getSubject()).contains("is ready");
            jira.verify(1, postRequestedFor(urlEqualTo("/api/notifications")).withRequestBody(containing(namespace)));
        } finally {
            jira.removeStub(failing);
        }
    }

    @Test
    void theLocalInboxIsClosedWhenJiraDecides() {
        String id = request("ns-" + UUID.randomUUID().toString().substring(0, 8));
        ApprovalTickets.awaitKey(id);
        given().post("/api/namespace-requests/" + id + "/approve").then().statusCode(409);
    }

    /**
     * The request's outcome event (dev.escalationeda.namespace.provisioned, .denied or .failed) reached the
     * sink, once, with the request's data.
     */
    private void assertOutcomeEventOnce(String id, String namespace, String outcome) {
        Predicate<CloudEvent> theOutcome = event -> ("dev.escalationeda.namespace." + outcome).equals(event.getType())
                && id.equals(event.getExtension("requestid"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.events().stream().anyMatch(theOutcome));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(sink.events())
                .filteredOn(theOutcome).singleElement().satisfies(event -> {
                    assertThat(event.getId()).isEqualTo(id + "." + outcome);
                    assertThat(event.getSubject()).isEqualTo(namespace);
                    assertThat(event.getSource().toString()).isEqualTo("/escalation-eda/namespace-requests");
                    assertThat(MAPPER.readTree(event.getData().toBytes())).isEqualTo(MAPPER.valueToTree(Map.of("requestId", id,
                            "namespace", namespace, "size", "large", "requester", "jdoe", "status", outcome)));
                }));
    }

    private String request(String namespace) {
        return given().contentType("application/json")
                .body("{\"namespace\":\"" + namespace + "\",\"size\":\"large\",\"requester\":\"jdoe\",\"reason\":\"load tests\","
                        + "\"requesterEmail\":\"jdoe@example.com\",\"recipients\":[\"user:default/jdoe\"]}")
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
    }

    /**
     * Jira opens the namespace's issue, and the connection breaks before its answer arrives. (Other
     * requests may be in flight: those that earlier tests left in the in-memory database.)
     */
    private List<StubMapping> answerLostAfterCreating(String scenario, String namespace) {
        return List.of(jira.stubFor(post(urlEqualTo("/rest/api/2/issue")).withRequestBody(containing(namespace)).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("created")));
    }

    /**
     * Runs {@code test} on a new request (its namespace and id) whose issue Jira opens without its
     * answer arriving; Jira Cloud's search then answers {@code found}.
     */
    private void whenTheCreateAnswerIsLost(String scenario, ResponseDefinitionBuilder found, BiConsumer<String, String> test) {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        List<StubMapping> stubs = answerLostThenFound(scenario, namespace, found);
        try {
            test.accept(namespace, request(namespace));
        } finally {
            stubs.forEach(jira::removeStub);
        }
    }

    /** Jira opens the issue but its answer is lost; Jira Cloud's search then answers {@code found}. */
    private List<StubMapping> answerLostThenFound(String scenario, String namespace, ResponseDefinitionBuilder found) {
        List<StubMapping> stubs = new ArrayList<>(answerLostAfterCreating(scenario, namespace));
        stubs.add(jira.stubFor(get(urlPathEqualTo("/rest/api/2/search/jql")).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs("created").willReturn(found)));
        return stubs;
    }

    /** A search's answer with one open issue, as Jira documents it (fields as asked for). */
    private static String searchAnswer(String key) {
        return searchAnswer(key, "{\"name\":\"To Do\",\"statusCategory\":{\"key\":\"new\"}}", "null");
    }

    private static String searchAnswer(String key, String status, String resolution) {
        return "{\"issues\":[{\"expand\":\"\",\"id\":\"10077\",\"self\":\"http://jira/rest/api/2/issue/10077\",\"key\":\""
                + key + "\",\"fields\":{\"labels\":[\"escalation-eda\"],\"status\":" + status + ",\"resolution\":" + resolution
                + "}}],\"isLast\":true}";
    }

    private static String labelSearch(String requestId) {
        return "labels = \"escalation-eda-request-" + requestId + "\" ORDER BY created ASC";
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> status.equals(
                given().get("/api/namespace-requests/" + id).then().extract().path("status"))
                && given().get("/api/namespace-requests/" + id).then().extract().path("notifiedAt") != null);
    }

    private MimeMessage awaitMail(String namespace) {
        await().atMost(Duration.ofSeconds(15)).until(() -> Arrays.stream(mail.getReceivedMessages())
                .anyMatch(message -> GreenMailResource.subject(message).contains(namespace)));
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> GreenMailResource.subject(message).contains(namespace)).findFirst().orElseThrow();
    }
}
