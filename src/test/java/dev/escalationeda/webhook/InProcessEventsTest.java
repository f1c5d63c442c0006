package dev.escalationeda.webhook;

import static dev.escalationeda.testing.JiraWebhooks.CLOUD_DONE;
import static dev.escalationeda.testing.JiraWebhooks.edited;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.escalationeda.testing.WorkBacklog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(InProcessEventsProfile.class)
class InProcessEventsTest {

    private static final String OBSERVED = "seda:observed-in-process-events?waitForTaskToComplete=Never";

    @Inject
    CamelContext camelContext;

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Test
    void withoutASinkEventsReachTheInProcessConsumersOnce() throws Exception {
        // Only the listener-compatible events: the strategy run they start has events of its own.
        AdviceWith.adviceWith(camelContext, "in-process-events", route -> route.weaveAddLast()
                .filter(route.header("ce-type").isEqualTo("dev.parodos.escalation")).to(OBSERVED));
        String deliveryId = UUID.randomUUID().toString();
        byte[] body = edited(CLOUD_DONE, b -> { });

        for (int delivery = 0; delivery < 2; delivery++) {
            given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", deliveryId).body(body)
                    .post("/webhook/jira").then().statusCode(200).body("ticketId", equalTo("ES-4"));
        }

        ConsumerTemplate consumer = camelContext.createConsumerTemplate();
        Message event = consumer.receive(OBSERVED, 5000).getMessage();
        assertThat(event.getHeaders()).containsEntry("ce-id", deliveryId)
                .containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-type", "dev.parodos.escalation")
                .containsEntry("ce-source", "jira.listener")
                .containsEntry("ce-kogitoprocrefid", "500");
        assertThat(event.getBody(String.class)).contains("\"ticketId\":\"ES-4\"");
        assertThat(consumer.receive(OBSERVED, 500)).as("the redelivery is not a second event").isNull();
    }

    @Test
    void theServicesOwnEventsStartStrategyRunsInTheProcess() {
        given().contentType("application/json").header("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString())
                .body(edited(CLOUD_DONE, b -> { })).post("/webhook/jira").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/strategy-runs?strategy=ticket-done")
                .then().statusCode(200).body("[0].status", equalTo("success")).body("[0].variables.ticket", equalTo("ES-4"))
                .body("[0].stages[0].state", equalTo("success")));
    }

    @Test
    void stagesStartedWhileTheWorkersAreBusyAreQueuedWithoutBlockingAndAllRun() throws Exception {
        // Workers queue the stages their stages trigger: a queue that made them wait for room would stop them for good.
        String batch = "backlog-" + UUID.randomUUID();
        WorkBacklog.makeWhileSuspended(camelContext, "run-stage", run -> given().contentType("application/json")
                .body("{\"strategy\":\"ticket-done\",\"variables\":{\"ticket\":\"" + batch + "\"}}")
                .post("/api/strategy-runs").then().statusCode(201));

        await().atMost(Duration.ofSeconds(60)).until(() -> WorkBacklog.count(dataSource,
                "SELECT COUNT(*) FROM strategy_run WHERE status = 'success' AND variables LIKE ?", "%" + batch + "%") == WorkBacklog.SIZE);
    }

    @Test
    void anEventTheInProcessConsumersRefuseHoldsNoOtherBack() throws SQLException {
        // as a defect could write one: data the strategies cannot read (not a JSON object), first in line
        String poison = "poison-" + UUID.randomUUID();
        execute("INSERT INTO event_outbox (event_id, type, source, extensions, data, created_at, next_attempt_at) "
                + "VALUES (?, 'dev.example.broken', '/tests', '{}', '\"not an object\"', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", poison);
        try {
            String id = given().contentType("application/json").body("{\"namespace\":\"ns-" + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"size\":\"small\",\"requester\":\"jdoe\"}").post("/api/namespace-requests").then().statusCode(201)
                    .extract().path("id");

            await().atMost(Duration.ofSeconds(15)).until(() -> WorkBacklog.count(dataSource,
                    "SELECT COUNT(*) FROM event_outbox WHERE event_id LIKE ?", id + ".%") == 0
                    && "provisioned".equals(given().get("/api/namespace-requests/" + id).then().extract().path("status")));
            assertThat(WorkBacklog.count(dataSource, "SELECT COUNT(*) FROM event_outbox WHERE event_id = ? AND attempts > 0 "
                    + "AND last_error LIKE '%JSON object%'", poison)).as("kept, to be tried again on its own").isOne();
        } finally {
            execute("DELETE FROM event_outbox WHERE event_id = ?", poison);
        }
    }

    private void execute(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        }
    }

    @Test
    void withoutASecretUnsignedWebhooksAreAccepted() {
        given().contentType("application/json").body("{\"invalid\":\"any\"}")
                .post("/webhook/jira").then().statusCode(204);
    }
}
