package dev.escalationeda.strategy;

import static dev.escalationeda.strategy.StrategyEvents.event;
import static dev.escalationeda.strategy.StrategyEvents.postBinary;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.escalationeda.webhook.InProcessEventsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Strategy {@code routed} of the test strategies: the run's variable picks its next stage, and the run succeeds through it. */
@QuarkusTest
@TestProfile(InProcessEventsProfile.class)
class RoutedRunTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aRunSucceedsThroughTheStageItsVariablePickedWhileTheOtherNeverStarts() {
        String run = given().contentType("application/json").body("{\"strategy\":\"routed\",\"variables\":{\"rollout\":\"Everywhere\"}}")
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
        await().atMost(WAIT).untilAsserted(() -> assertStage(run, "Everywhere", "running"));

        postBinary(event(UUID.randomUUID().toString(), run, Map.of("stage", "Everywhere", "status", "Success"))).statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/strategy-runs/" + run).then().body("status", equalTo("success")));
        assertStage(run, "Canary", "waiting");
    }

    private static void assertStage(String run, String stage, String state) {
        given().get("/api/strategy-runs/" + run).then().statusCode(200)
                .body("stages.find { it.name == '" + stage + "' }.state", equalTo(state));
    }
}
