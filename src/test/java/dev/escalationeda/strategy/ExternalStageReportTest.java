package dev.escalationeda.strategy;

import static dev.escalationeda.strategy.StrategyEvents.event;
import static dev.escalationeda.strategy.StrategyEvents.postBinary;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.webhook.InProcessEventsProfile;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Reports of {@code external} stages (strategy {@code reviewed} of the test strategies): a report on
 * a stage that has not started is refused, so that its sender sends it again, and finishes nothing.
 */
@QuarkusTest
@TestProfile(InProcessEventsProfile.class)
class ExternalStageReportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Inject
    CamelContext camel;

    @Test
    void aReportBeforeItsStageStartedIsRefusedUntilTheStageRunsAndThenTakenOnce() {
        String run = start();
        awaitStage(run, "Scan", "running");
        CloudEvent early = report(run, "Review", "Success");

        postBinary(early).statusCode(409).body("errors.stage", containsString("stage Review of run " + run + " has not started"));
        assertStage(run, "Review", "waiting");

        postBinary(report(run, "Scan", "Success")).statusCode(202).body("reportedStages[0]", equalTo("Scan"));
        awaitStage(run, "Review", "running");
        postBinary(early).statusCode(202).body("reportedStages[0]", equalTo("Review"));
        awaitRun(run, "success");
        postBinary(early).statusCode(202);
        given().get("/api/strategy-runs/" + run).then().body("status", equalTo("success"));
    }

    @Test
    void aReportOnAStageThatNeverStartedIsGoneOnceItsRunFinishedLongAgo() throws SQLException {
        String run = start();
        awaitStage(run, "Scan", "running");
        postBinary(report(run, "Scan", "Failed")).statusCode(202);
        awaitRun(run, "failed");
        // a failed run still starts the stages that compensate for the failure
        postBinary(report(run, "Review", "Success")).statusCode(409);

        Instant finished = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE strategy_run SET finished_at = ? WHERE context_id = ?")) {
            update.setObject(1, finished.atOffset(ZoneOffset.UTC));
            update.setString(2, run);
            assertThat(update.executeUpdate()).isOne();
        }

        postBinary(report(run, "Review", "Success")).statusCode(410)
                .body("errors.stage", equalTo("run " + run + " finished (failed) at " + finished + " and stage Review never started"));
        assertStage(run, "Review", "waiting");
    }

    @Test
    void aReportWithAStatusOtherThanSuccessOrFailedIsRefusedAndChangesNothing() {
        String run = start();
        awaitStage(run, "Scan", "running");

        postBinary(report(run, "Scan", "Running")).statusCode(400).body("errors.status",
                equalTo("the report on stage Scan of run " + run + " has status 'Running': a stage ends as Success or Failed"));
        // refused before the stage's state is looked at: sending it again later would not help
        postBinary(report(run, "Review", "Skipped")).statusCode(400).body("errors.status", containsString("'Skipped'"));
        // the run's own event with such a status reports nothing either, and its emission does not fail over it
        camel.createProducerTemplate().sendBody("direct:emit-strategy-event", new OutboundEvent(UUID.randomUUID().toString(), EventTypes.STRATEGY_EVENT,
                EventTypes.STRATEGY_SOURCE_PREFIX + "reviewed", "Scan", Map.of(StrategyEventReader.CONTEXT_ID, run),
                Map.of("stage", "Scan", "status", "Running")));
        assertStage(run, "Scan", "running");
        given().get("/api/strategy-runs/" + run).then().body("status", equalTo("in-progress"));

        postBinary(report(run, "Scan", "Success")).statusCode(202).body("reportedStages[0]", equalTo("Scan"));
        awaitStage(run, "Review", "running");
    }

    @Test
    void aStatusWithoutAStageOrForAStageTheStrategyLacksReportsNothing() {
        String run = start();
        awaitStage(run, "Scan", "running");
        postBinary(event(UUID.randomUUID().toString(), run, Map.of("status", "Success"))).statusCode(202).body("reportedStages", empty());
        postBinary(report(run, "Deploy", "Success")).statusCode(202).body("reportedStages", empty());
        assertStage(run, "Scan", "running");
    }

    @Test
    void anEventFromOutsideThatReadsLikeTheRunsOwnStartsNoStage() {
        String run = start();
        awaitStage(run, "Scan", "running");
        Map<String, String> scanSucceeded = Map.of("name", "Scan", "status", "Success");

        // forged, and a copy of what the Scan stage will emit, its source and id included
        postBinary(event(UUID.randomUUID().toString(), run, scanSucceeded)).statusCode(202).body("triggeredStages", empty());
        postBinary(CloudEventBuilder.v1(event(run + ".Scan.0", run, scanSucceeded))
                .withSource(URI.create(EventTypes.STRATEGY_SOURCE_PREFIX + "reviewed")).build())
                .statusCode(202).body("triggeredStages", empty());
        assertStage(run, "Review", "waiting");
        assertStage(run, "Scan", "running");

        // the stage's own event starts the next one
        postBinary(report(run, "Scan", "Success")).statusCode(202);
        awaitStage(run, "Review", "running");
    }

    private static String start() {
        return given().contentType("application/json").body("{\"strategy\":\"reviewed\"}").post("/api/strategy-runs")
                .then().statusCode(201).extract().path("contextId");
    }

    private static CloudEvent report(String run, String stage, String status) {
        return event(UUID.randomUUID().toString(), run, Map.of("stage", stage, "status", status));
    }

    private static void awaitStage(String run, String stage, String state) {
        await().atMost(WAIT).untilAsserted(() -> assertStage(run, stage, state));
    }

    private static void assertStage(String run, String stage, String state) {
        given().get("/api/strategy-runs/" + run).then().statusCode(200)
                .body("stages.find { it.name == '" + stage + "' }.state", equalTo(state));
    }

    private static void awaitRun(String run, String status) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/strategy-runs/" + run).then().body("status", equalTo(status)));
    }
}
