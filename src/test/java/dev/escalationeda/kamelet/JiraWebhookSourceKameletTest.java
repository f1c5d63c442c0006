package dev.escalationeda.kamelet;

import static dev.escalationeda.testing.JiraWebhooks.CLOUD_DONE;
import static dev.escalationeda.testing.JiraWebhooks.SERVER_DONE;
import static dev.escalationeda.testing.JiraWebhooks.edited;
import static dev.escalationeda.testing.JiraWebhooks.fields;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escalationeda.testing.ApprovalTickets;
import dev.escalationeda.testing.JiraWebhooks;
import dev.escalationeda.webhook.WebhookDeliveryRepository;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The jira-webhook-source Kamelet as Camel K sees it (its definition) and as a Pipe uses it: a second
 * binding on another path, delivering to a queue, next to the service's own binding; configured, as a
 * Pipe's integration is, by the jira-listener's variables, here set to names of another workflow.
 */
@QuarkusTest
@TestProfile(JiraWebhookSourceKameletTest.SecondBinding.class)
class JiraWebhookSourceKameletTest {

    /**
     * The service's routes plus src/test/resources/kamelet/jira-webhook-source-test-binding.camel.yaml, and the
     * listener-compatible event of another workflow.
     */
    public static class SecondBinding implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camel.main.routes-include-pattern",
                    "classpath:routes/*.camel.yaml,classpath:kamelet/jira-webhook-source-test-binding.camel.yaml",
                    "CLOUD_EVENT_TYPE", LISTENER_TYPE,
                    "CLOUD_EVENT_SOURCE", LISTENER_SOURCE,
                    "WORKFLOW_INSTANCE_ID_LABEL", "instance",
                    "WORKFLOW_NAME_LABEL", "flow",
                    "EXPECTED_WORKFLOW_NAME", "onboarding");
        }
    }

    private static final String LISTENER_TYPE = "org.example.onboarding.ticket-done";
    private static final String LISTENER_SOURCE = "jira.onboarding";

    private static final String KAMELET = "kamelets/jira-webhook-source.kamelet.yaml";
    private static final String PATH = "/test/jira-webhook";
    private static final String EVENTS = "seda:jira-webhook-test-events?size=2&waitForTaskToComplete=Never";
    private static final String SECRET = "test-webhook-secret";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    CamelContext camelContext;

    @Inject
    ConsumerTemplate consumer;

    @Inject
    ProducerTemplate producer;

    @Inject
    WebhookDeliveryRepository deliveries;

    /** Events a previous test left in the queue must not be taken for this test's. */
    @BeforeEach
    void emptyTheQueue() {
        Exchange leftover;
        do {
            leftover = consumer.receiveNoWait(EVENTS);
        } while (leftover != null);
    }

    /** What is particular to this Kamelet; {@link KameletDefinitionsTest} checks what every Kamelet must be. */
    @Test
    void theDefinitionTakesAPathAndASecret() throws IOException {
        Map<String, Object> spec = KameletDefinitionsTest.map(loadKamelet().get("spec"));
        Map<String, Object> definition = KameletDefinitionsTest.map(spec.get("definition"));
        assertThat(KameletDefinitionsTest.list(definition.get("required"))).containsExactly("path");
        Map<String, Object> properties = KameletDefinitionsTest.map(definition.get("properties"));
        assertThat(properties).containsOnlyKeys("path", "webhookSecret");
        assertThat(KameletDefinitionsTest.map(properties.get("path"))).containsEntry("default", "/webhook/jira");
        assertThat(KameletDefinitionsTest.map(properties.get("webhookSecret"))).doesNotContainKey("default");
        assertThat(KameletDefinitionsTest.list(spec.get("dependencies"))).containsExactlyInAnyOrder("camel:core", "camel:kamelet",
                "camel:platform-http", "camel:bean", "camel:jackson", "camel:micrometer",
                "mvn:dev.escalationeda:escalation-eda:0.1.0-SNAPSHOT");
        assertThat(KameletDefinitionsTest.map(KameletDefinitionsTest.map(spec.get("template")).get("from")))
                .containsEntry("uri", "platform-http:{{path}}");
    }

    @Test
    void eachBindingRunsItsOwnRouteFromTheKamelet() {
        RouteTemplateDefinition template = camelContext.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteTemplateDefinition("jira-webhook-source");
        assertThat(template.getTemplateParameters()).extracting(RouteTemplateParameterDefinition::getName)
                .containsExactlyInAnyOrder("path", "webhookSecret");

        assertThat(Map.of("jira-webhook-receiver", "/webhook/jira", "jira-webhook-test-receiver", PATH))
                .allSatisfy((routeId, path) -> {
                    Route route = camelContext.getRoute(routeId);
                    assertThat(route.isCreatedByKamelet()).isTrue();
                    assertThat(((PlatformHttpEndpoint) route.getEndpoint()).getPath()).isEqualTo(path);
                });
    }

    @Test
    void aWebhookBecomesOneCloudEventPerEventAnswered200() throws Exception {
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = labelled(CLOUD_DONE, "instance=500", "flow=onboarding");

        given().contentType("application/json")
                .header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body))
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .header("CamelHttpUri", "http://127.0.0.1:1/elsewhere")
                .header("ce-type", "forged.type")
                .header("ce-forged", "yes")
                .body(body).post(PATH)
                .then().statusCode(200).contentType("application/json")
                .body("ticketId", equalTo("ES-4")).body("workFlowInstanceId", equalTo("500"));

        Exchange delivered = consumer.receive(EVENTS, 5000);
        assertThat(delivered).isNotNull();
        assertThat(delivered.getMessage().getHeaders()).containsOnlyKeys("ce-specversion", "ce-id", "ce-type",
                "ce-source", "ce-time", "ce-kogitoprocrefid", Exchange.CONTENT_TYPE, Exchange.HTTP_METHOD);
        CloudEvent event = cloudEvent(delivered);
        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getId()).isEqualTo(deliveryId);
        assertThat(event.getType()).isEqualTo(LISTENER_TYPE);
        assertThat(event.getSource().toString()).isEqualTo(LISTENER_SOURCE);
        assertThat(event.getExtension("kogitoprocrefid")).isEqualTo("500");
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(MAPPER.readTree(event.getData().toBytes())).isEqualTo(MAPPER.readTree(
                "{\"ticketId\":\"ES-4\",\"workFlowInstanceId\":\"500\",\"workflowName\":\"onboarding\",\"status\":\"done\"}"));
        assertThat(consumer.receiveNoWait(EVENTS)).isNull();

        post(body, deliveryId).statusCode(200).body("ticketId", equalTo("ES-4"));
        assertThat(consumer.receive(EVENTS, 500)).as("a redelivery of the same delivery").isNull();
    }

    @Test
    void doneTicketsLabelledUnderOtherNamesOrForAnotherWorkflowAreNotOurs() {
        for (String[] labels : new String[][] {
                {"workflowInstanceId=500", "workflowName=escalation"},
                {"workflowInstanceId=500", "flow=onboarding"},
                {"instance=500", "workflowName=onboarding"},
                {"instance=500", "flow=escalation"}}) {
            post(labelled(CLOUD_DONE, labels), UUID.randomUUID().toString()).statusCode(204).body(emptyOrNullString());
        }
        assertThat(consumer.receive(EVENTS, 500)).isNull();
    }

    @Test
    void refusedForeignAndNonPostRequestsEmitNothing() {
        byte[] body = edited(CLOUD_DONE, b -> { });
        given().contentType("application/json").body(body).post(PATH)
                .then().statusCode(401).body(containsString("X-Hub-Signature"));
        // The signature comes first: a request that is not JSON learns so only once it is signed.
        byte[] text = "not JSON".getBytes(StandardCharsets.UTF_8);
        given().contentType("text/plain").body(text).post(PATH).then().statusCode(401);
        given().contentType("text/plain").header("X-Hub-Signature", JiraWebhooks.signature(SECRET, text)).body(text).post(PATH)
                .then().statusCode(415).body(containsString("Content-Type"));
        post(new byte[0], UUID.randomUUID().toString()).statusCode(400).body(containsString("empty body"));
        post("{\"invalid\":\"any\"}".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString())
                .statusCode(204).body(emptyOrNullString());
        given().get(PATH).then().statusCode(405);

        assertThat(consumer.receive(EVENTS, 500)).isNull();
    }

    @Test
    void aDeliveryIsRecordedOnlyOnceAllItsEventsReachedTheSink() {
        String key = "KAM-" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        ApprovalTickets.track(key, "request-kamelet");
        byte[] body = labelled(SERVER_DONE, b -> ((ObjectNode) b.path("issue")).put("key", key), "instance=a1b2c3", "flow=onboarding");
        String deliveryId = UUID.randomUUID().toString();

        // With one of the queue's two places taken, the delivery's first event goes out and its second fails.
        producer.sendBody(EVENTS, "the sink is busy");
        post(body, deliveryId).statusCode(503).header("Retry-After", "30").body(containsString("not recorded"));
        assertThat(consumer.receiveBody(EVENTS, 5000, String.class)).isEqualTo("the sink is busy");
        assertThat(eventTypes(1)).containsExactly(LISTENER_TYPE);

        post(body, deliveryId).statusCode(200).body("workFlowInstanceId", equalTo("a1b2c3"));
        assertThat(eventTypes(2)).containsExactly(LISTENER_TYPE, "dev.escalationeda.ticket.approved");

        post(body, deliveryId).statusCode(200);
        assertThat(consumer.receive(EVENTS, 500)).as("a redelivery of the recorded delivery").isNull();
    }

    @Test
    void aRedeliveryWhileTheDeliveryIsInFlightIsAnswered503AndLeavesItsClaim() {
        byte[] body = labelled(CLOUD_DONE, "instance=500", "flow=onboarding");
        String deliveryId = UUID.randomUUID().toString();
        assertThat(deliveries.add(deliveryId)).as("claimed by another replica").isTrue();

        post(body, deliveryId).statusCode(503).header("Retry-After", "30");
        assertThat(post(body, deliveryId).extract().statusCode()).as("the claim still stands").isEqualTo(503);
        assertThat(consumer.receive(EVENTS, 500)).isNull();

        assertThat(deliveries.confirm(deliveryId)).as("the other replica's events all went out").isTrue();
        post(body, deliveryId).statusCode(200).body("ticketId", equalTo("ES-4"));
        assertThat(consumer.receive(EVENTS, 500)).isNull();
    }

    private List<String> eventTypes(int count) {
        List<String> types = new ArrayList<>();
        for (int event = 0; event < count; event++) {
            Exchange delivered = consumer.receive(EVENTS, 5000);
            assertThat(delivered).as("event %d of %d", event + 1, count).isNotNull();
            types.add(delivered.getMessage().getHeader("ce-type", String.class));
        }
        return types;
    }

    /** The capture with exactly {@code labels}. */
    private static byte[] labelled(String resource, String... labels) {
        return labelled(resource, b -> { }, labels);
    }

    /** The capture after {@code edit}, with exactly {@code labels}. */
    private static byte[] labelled(String resource, Consumer<ObjectNode> edit, String... labels) {
        return edited(resource, b -> {
            edit.accept(b);
            ArrayNode issueLabels = fields(b).putArray("labels");
            for (String label : labels) {
                issueLabels.add(label);
            }
        });
    }

    private static CloudEvent cloudEvent(Exchange exchange) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        exchange.getMessage().getHeaders().forEach((name, value) -> headers.add(name, String.valueOf(value)));
        return VertxMessageFactory.createReader(headers, Buffer.buffer(exchange.getMessage().getBody(byte[].class)))
                .toEvent();
    }

    private static ValidatableResponse post(byte[] body, String deliveryId) {
        return given().contentType("application/json")
                .header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body))
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .body(body).post(PATH).then();
    }

    private static Map<String, Object> loadKamelet() throws IOException {
        try (InputStream in = JiraWebhookSourceKameletTest.class.getClassLoader().getResourceAsStream(KAMELET)) {
            assertThat(in).as("%s on the classpath", KAMELET).isNotNull();
            return KameletDefinitionsTest.map(new Load(LoadSettings.builder().build()).loadFromInputStream(in));
        }
    }
}
