package dev.escalationeda.webhook;

import static dev.escalationeda.testing.JiraWebhooks.CLOUD_DONE;
import static dev.escalationeda.testing.JiraWebhooks.SERVER_DONE;
import static dev.escalationeda.testing.JiraWebhooks.edited;
import static dev.escalationeda.testing.JiraWebhooks.fields;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escalationeda.testing.ApprovalTickets;
import dev.escalationeda.testing.CloudEventSink;
import dev.escalationeda.testing.CloudEventSinkResource;
import dev.escalationeda.testing.JiraWebhooks;
import dev.escalationeda.testing.OversizedRequest;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(CloudEventSinkResource.class)
class JiraWebhookRouteTest {

    private static final String SECRET = "test-webhook-secret";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @CloudEventSinkResource.Sink
    CloudEventSink sink;

    @BeforeEach
    void resetSink() {
        sink.reset();
    }

    @Test
    void doneIssueWithWorkflowLabelsEmitsTheListenerEvent() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = edited(CLOUD_DONE, b -> { });

        post(body, deliveryId).statusCode(200)
                .body("ticketId", equalTo("ES-4"))
                .body("workFlowInstanceId", equalTo("500"))
                .body("workflowName", equalTo("escalation"))
                .body("status", equalTo("done"));

        assertThat(sink.events()).hasSize(1);
        CloudEvent event = sink.events().get(0);
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getType()).isEqualTo("dev.parodos.escalation");
        assertThat(event.getSource().toString()).isEqualTo("jira.listener");
        assertThat(event.getExtension("kogitoprocrefid")).isEqualTo("500");
        assertThat(event.getId()).isEqualTo(deliveryId);
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(MAPPER.readTree(event.getData().toBytes())).isEqualTo(MAPPER.readTree(
                "{\"ticketId\":\"ES-4\",\"workFlowInstanceId\":\"500\",\"workflowName\":\"escalation\",\"status\":\"done\"}"));
        assertThat(sink.rejections()).isEmpty();
    }

    static Stream<Arguments> discardedByTheListener() {
        return Stream.of(
                Arguments.of("first label removed", edit(b -> labels(b).remove(0))),
                Arguments.of("second label removed", edit(b -> labels(b).remove(1))),
                Arguments.of("labels removed", edit(b -> fields(b).remove("labels"))),
                Arguments.of("statusCategory.key removed",
                        edit(b -> ((ObjectNode) fields(b).path("status").path("statusCategory")).remove("key"))),
                Arguments.of("statusCategory removed", edit(b -> ((ObjectNode) fields(b).path("status")).remove("statusCategory"))),
                Arguments.of("status removed", edit(b -> fields(b).remove("status"))),
                Arguments.of("fields removed", edit(b -> ((ObjectNode) b.path("issue")).remove("fields"))),
                Arguments.of("key removed", edit(b -> ((ObjectNode) b.path("issue")).remove("key"))),
                Arguments.of("statusCategory.key not done",
                        edit(b -> ((ObjectNode) fields(b).path("status").path("statusCategory")).put("key", "indeterminate"))),
                Arguments.of("another workflowName", edit(b -> labels(b).set(1, "workflowName=provisioning"))),
                Arguments.of("labels without the expected prefixes",
                        edit(b -> fields(b).putArray("labels").add("instance=500").add("name=escalation"))),
                Arguments.of("{\"invalid\":\"any\"}", "{\"invalid\":\"any\"}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a JSON array", "[1,2,3]".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}: 204, nothing emitted")
    @MethodSource("discardedByTheListener")
    void webhooksThatAreNotOursAreDiscarded(String description, byte[] body) {
        post(body, UUID.randomUUID().toString()).statusCode(204).body(emptyOrNullString());
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void jiraServerBodiesAreUnderstood() {
        post(edited(SERVER_DONE, b -> { }), UUID.randomUUID().toString()).statusCode(200)
                .body("ticketId", equalTo("PLAT-11"))
                .body("workFlowInstanceId", equalTo("a1b2c3"));
        assertThat(sink.events()).singleElement()
                .satisfies(event -> assertThat(event.getExtension("kogitoprocrefid")).isEqualTo("a1b2c3"));
    }

    @Test
    void redeliveryOfTheSameDeliveryEmitsNoSecondEvent() {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = edited(CLOUD_DONE, b -> { });
        double duplicatesBefore = WebhookMetrics.count("duplicate");

        post(body, deliveryId).statusCode(200);
        post(body, deliveryId).statusCode(200).body("ticketId", equalTo("ES-4"));

        assertThat(sink.events()).hasSize(1);
        assertThat(WebhookMetrics.count("duplicate")).isEqualTo(duplicatesBefore + 1);
        post(body, UUID.randomUUID().toString()).statusCode(200);
        assertThat(sink.events()).hasSize(2);
    }

    @Test
    void withoutADeliveryIdTheSameBodyIsDeliveredOnce() {
        byte[] body = edited(CLOUD_DONE, b -> b.put("timestamp", UUID.randomUUID().toString()));
        signed(body).post("/webhook/jira").then().statusCode(200);
        signed(body).post("/webhook/jira").then().statusCode(200);
        assertThat(sink.events()).singleElement()
                .satisfies(event -> assertThat(event.getId()).startsWith("sha256:"));
    }

    @Test
    void trackedTicketsGiveTheProductsOwnEvents() throws Exception {
        String approved = trackedIssue("approved");
        String denied = trackedIssue("denied");
        String updated = trackedIssue("updated");

        post(issue(approved, "done", "Done"), UUID.randomUUID().toString()).statusCode(200);
        post(issue(denied, "done", "Won't Do"), UUID.randomUUID().toString()).statusCode(200);
        post(issue(updated, "indeterminate", null), UUID.randomUUID().toString()).statusCode(200)
                .body("ticket", equalTo(updated))
                .body("decision", equalTo("updated"));

        Map<String, CloudEvent> bySubject = new java.util.HashMap<>();
        sink.events().stream().filter(e -> e.getSubject() != null).forEach(e -> bySubject.put(e.getSubject(), e));
        assertThat(bySubject.get(approved).getType()).isEqualTo("dev.escalationeda.ticket.approved");
        assertThat(bySubject.get(denied).getType()).isEqualTo("dev.escalationeda.ticket.denied");
        assertThat(bySubject.get(updated).getType()).isEqualTo("dev.escalationeda.ticket.updated");
        CloudEvent event = bySubject.get(approved);
        assertThat(event.getSource().toString()).isEqualTo("/escalation-eda/jira-webhook");
        assertThat(event.getExtension("requestid")).isEqualTo("request-approved");
        JsonNode data = MAPPER.readTree(event.getData().toBytes());
        assertThat(data.path("requestId").asText()).isEqualTo("request-approved");
        assertThat(data.path("resolution").asText()).isEqualTo("Done");
        assertThat(data.path("decision").asText()).isEqualTo("approved");
    }

    @Test
    void aTrackedTicketWithWorkflowLabelsGivesBothEvents() {
        String key = trackedIssue("both");
        post(issue(key, "done", "Done"), UUID.randomUUID().toString()).statusCode(200);
        assertThat(sink.events()).extracting(CloudEvent::getType)
                .containsExactlyInAnyOrder("dev.parodos.escalation", "dev.escalationeda.ticket.approved");
    }

    @Test
    void unsignedWronglySignedAndMalformedSignaturesAreRejected() {
        byte[] body = edited(CLOUD_DONE, b -> { });
        double rejectedBefore = WebhookMetrics.count("rejected");

        given().contentType("application/json").body(body).post("/webhook/jira").then().statusCode(401)
                .header("WWW-Authenticate", "HMAC-SHA256 realm=\"jira-webhook\", header=\"X-Hub-Signature\"");
        given().contentType("application/json").header("X-Hub-Signature", JiraWebhooks.signature("other-secret", body))
                .body(body).post("/webhook/jira").then().statusCode(401).body(containsString("does not match"));
        given().contentType("application/json").header("X-Hub-Signature", "sha256=zz-not-hex")
                .body(body).post("/webhook/jira").then().statusCode(401);
        given().contentType("application/json").header("X-Hub-Signature", "sha1=abcdef")
                .body(body).post("/webhook/jira").then().statusCode(401);
        byte[] tampered = edited(CLOUD_DONE, b -> ((ObjectNode) b.path("issue")).put("key", "ES-5"));
        given().contentType("application/json").header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body))
                .body(tampered).post("/webhook/jira").then().statusCode(401);

        assertThat(sink.events()).isEmpty();
        assertThat(WebhookMetrics.count("rejected")).isEqualTo(rejectedBefore + 5);
    }

    @Test
    void aRejectedDeliveryIsNotRecorded() {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = edited(CLOUD_DONE, b -> { });
        given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", deliveryId)
                .body(body).post("/webhook/jira").then().statusCode(401);
        post(body, deliveryId).statusCode(200);
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void malformedEmptyAndDeeplyNestedBodiesAreBadRequests() {
        byte[] truncated = "{\"issue\": {\"key\": ".getBytes(StandardCharsets.UTF_8);
        post(truncated, UUID.randomUUID().toString()).statusCode(400).header("WWW-Authenticate", nullValue())
                .body(containsString("malformed JSON"));
        post(new byte[0], UUID.randomUUID().toString()).statusCode(400).body(containsString("empty body"));
        byte[] nested = ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        post(nested, UUID.randomUUID().toString()).statusCode(400).body(containsString("malformed JSON"));
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void oversizedBodiesAreRefused() {
        assertThat(OversizedRequest.status("/webhook/jira", "application/json", Map.of("X-Hub-Signature", "sha256=00",
                "X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString()))).isEqualTo(413);
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void formEncodedBodiesAreRefused() {
        // The HTTP layer parses a form body: the raw bytes its signature covers never reach the check.
        String body = "CamelHttpResponseCode=200";
        given().contentType("application/x-www-form-urlencoded")
                .header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/webhook/jira").then().statusCode(401);
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void onlyPostIsAccepted() {
        given().get("/webhook/jira").then().statusCode(405);
    }

    @Test
    void inboundHeadersNeitherControlCamelNorReachTheEvent() {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = edited(CLOUD_DONE, b -> { });
        signed(body)
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .header("CamelHttpUri", "http://127.0.0.1:1/elsewhere")
                .header("CamelHttpResponseCode", "500")
                .header("CAMELHTTPPATH", "/other")
                .header("camelHttpMethod", "DELETE")
                .header("CamelExecCommandExecutable", "rm")
                .header("ce-type", "forged.type")
                .header("ce-id", "forged-id")
                .header("ce-kogitoprocrefid", "999")
                .header("ce-forged", "yes")
                .post("/webhook/jira?CamelHttpUri=http://127.0.0.1:1/")
                .then().statusCode(200).body("workFlowInstanceId", equalTo("500"));

        assertThat(sink.events()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("dev.parodos.escalation");
            assertThat(event.getId()).isEqualTo(deliveryId);
            assertThat(event.getExtension("kogitoprocrefid")).isEqualTo("500");
            assertThat(event.getExtensionNames()).containsExactly("kogitoprocrefid");
        });
    }

    @Test
    void unsignedCallersCannotNameOrInflateTheWebhookCounter() {
        String name = "smuggled" + UUID.randomUUID().toString().replace("-", "");
        given().contentType("application/json").header("CAMELMETRICSNAME", name).header("CamelMetricsCounterIncrement", "1000000")
                .header("camelMetricsTags", "outcome=accepted").body("{}").post("/webhook/jira").then().statusCode(401);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(name);
        assertThat(metrics.lines().filter(line -> line.startsWith("eda_webhooks_total{")).mapToDouble(line ->
                Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))).allMatch(count -> count < 1000000);
    }

    @Test
    void aSinkThatRecoversWithinTheRetriesTakesTheEventOnceWhileJiraWaits() {
        sink.unavailableFor(sinkMaxRedeliveries());

        post(edited(CLOUD_DONE, b -> { }), UUID.randomUUID().toString()).statusCode(200).body("ticketId", equalTo("ES-4"));

        assertThat(sink.attempts()).as("the first try and every retry").isEqualTo(1 + sinkMaxRedeliveries());
        assertThat(sink.events()).hasSize(1);
    }

    @Test
    void sinkDownThenBackLosesNothingAndDoublesNothing() {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = edited(CLOUD_DONE, b -> { });
        double acceptedBefore = WebhookMetrics.count("accepted");

        sink.mode(CloudEventSink.Mode.UNAVAILABLE);
        post(body, deliveryId).statusCode(503);
        assertThat(sink.attempts()).as("the first try and every retry").isEqualTo(1 + sinkMaxRedeliveries());
        sink.mode(CloudEventSink.Mode.DROP_CONNECTION);
        post(body, deliveryId).statusCode(503);
        assertThat(sink.attempts()).as("as many again on a dropped connection").isEqualTo(2 * (1 + sinkMaxRedeliveries()));
        assertThat(sink.events()).isEmpty();
        assertThat(WebhookMetrics.count("accepted")).as("after two 503s").isEqualTo(acceptedBefore);

        sink.mode(CloudEventSink.Mode.ACCEPT);
        post(body, deliveryId).statusCode(200).body("ticketId", equalTo("ES-4"));
        assertThat(WebhookMetrics.count("accepted")).isEqualTo(acceptedBefore + 1);
        post(body, deliveryId).statusCode(200);
        assertThat(sink.events()).hasSize(1);
        assertThat(WebhookMetrics.count("accepted")).as("after a duplicate").isEqualTo(acceptedBefore + 1);
    }

    @Test
    void webhookCountersAreExposedToPrometheus() {
        double receivedBefore = WebhookMetrics.count("received");
        double discardedBefore = WebhookMetrics.count("discarded");
        post("{\"invalid\":\"any\"}".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString()).statusCode(204);
        assertThat(WebhookMetrics.count("received")).isEqualTo(receivedBefore + 1);
        assertThat(WebhookMetrics.count("discarded")).isEqualTo(discardedBefore + 1);
    }

    /** The retries of the sink call after its first try, as the test configuration sets them. */
    private static int sinkMaxRedeliveries() {
        return ConfigProvider.getConfig().getValue("eda.events.sink-max-redeliveries", Integer.class);
    }

    private String trackedIssue(String name) {
        String key = "REQ-" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        ApprovalTickets.track(key, "request-" + name);
        return key;
    }

    private static byte[] issue(String key, String statusCategory, String resolution) {
        return edited(SERVER_DONE, b -> {
            ((ObjectNode) b.path("issue")).put("key", key);
            ((ObjectNode) fields(b).path("status").path("statusCategory")).put("key", statusCategory);
            if (resolution == null) {
                fields(b).putNull("resolution");
            } else {
                ((ObjectNode) fields(b).path("resolution")).put("name", resolution);
            }
        });
    }

    private static byte[] edit(Consumer<ObjectNode> edit) {
        return edited(CLOUD_DONE, edit);
    }

    private static ArrayNode labels(ObjectNode body) {
        return (ArrayNode) fields(body).path("labels");
    }

    private static RequestSpecification signed(byte[] body) {
        return given().contentType("application/json")
                .header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body))
                .body(body);
    }

    private static ValidatableResponse post(byte[] body, String deliveryId) {
        return signed(body).header("X-Atlassian-Webhook-Identifier", deliveryId).post("/webhook/jira").then();
    }
}
