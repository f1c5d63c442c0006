package dev.escalationeda.strategy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import dev.escalationeda.webhook.InProcessEventsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Strategy {@code echoed} of the test strategies: a run whose stage would emit an event too long to
 * keep is refused when it starts, not left with a stage that can never finish.
 */
@QuarkusTest
@TestProfile(InProcessEventsProfile.class)
class EmittedEventLengthTest {

    @Test
    void aRunWhoseStageWouldEmitAnEventTooLongToKeepIsRefusedAndOneThatFitsSucceeds() {
        String half = "n".repeat(StrategyRunStore.MAX_JSON_LENGTH / 2);
        int before = given().get("/api/strategy-runs?strategy=echoed&size=200").then().statusCode(200).extract().path("size()");

        given().contentType("application/json").body(Map.of("strategy", "echoed", "variables", Map.of("note", half)))
                .post("/api/strategy-runs").then().statusCode(400)
                .body("errors.variables", containsString("an event stage Echo emits would take"));
        given().get("/api/strategy-runs?strategy=echoed&size=200").then().body("size()", equalTo(before));

        String run = given().contentType("application/json").body(Map.of("strategy", "echoed", "variables", Map.of("note", "n".repeat(1000))))
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/strategy-runs/" + run).then().body("status", equalTo("success")));
    }
}
