package dev.escalationeda.strategy;

import static dev.escalationeda.strategy.StrategyEvents.event;
import static dev.escalationeda.strategy.StrategyEvents.postBinary;
import static dev.escalationeda.strategy.StrategyEvents.startedRuns;
import static dev.escalationeda.strategy.StrategyTables.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.escalationeda.webhook.InProcessEventsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

/**
 * A run whose start event was lost (strategy {@code fanned-out} of the test strategies, whose start
 * event triggers Scan and Lint and is one of Check's two triggers): the recovery hands the event to
 * every stage it triggers once the lease is over.
 */
@QuarkusTest
@TestProfile(InProcessEventsProfile.class)
class LostStartEventTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Test
    void theStartEventReachesEveryStageItTriggersAgainJoinsIncluded() throws SQLException {
        String run = startedRuns(postBinary(event(UUID.randomUUID().toString(), null, Map.of("name", "Scans_requested")))).get(0);
        awaitStage(run, "Scan", "running");
        awaitStage(run, "Lint", "running");
        String startEvent = stages(run).getString("find { it.name == 'Scan' }.triggers[0].seenEvent");
        assertThat(stages(run).getString("find { it.name == 'Check' }.triggers[0].seenEvent")).isEqualTo(startEvent);

        // As a crash right after the run was stored leaves it: every stage waiting, no trigger seen, no join begun.
        execute(dataSource, "UPDATE stage_run SET state = 'waiting', started_at = NULL, lease_until = NULL WHERE context_id = ?", run);
        execute(dataSource, "DELETE FROM stage_trigger_seen WHERE context_id = ?", run);
        execute(dataSource, "DELETE FROM stage_trigger_join WHERE id = ?", run + "/Check");
        execute(dataSource, "UPDATE strategy_run SET created_at = ? WHERE context_id = ?", OffsetDateTime.now().minusMinutes(5), run);

        awaitStage(run, "Scan", "running");
        awaitStage(run, "Lint", "running");
        JsonPath stages = stages(run);
        assertThat(stages.getString("find { it.name == 'Lint' }.triggers[0].seenEvent")).isEqualTo(startEvent);
        assertThat(stages.getString("find { it.name == 'Check' }.state")).isEqualTo("waiting");
        assertThat(stages.getString("find { it.name == 'Check' }.triggers[0].seenEvent")).isEqualTo(startEvent);

        postBinary(event(UUID.randomUUID().toString(), run, Map.of("stage", "Scan", "status", "Success"))).statusCode(202);
        awaitStage(run, "Check", "running");
    }

    private static JsonPath stages(String run) {
        return given().get("/api/strategy-runs/" + run).then().statusCode(200).extract().jsonPath().setRootPath("stages");
    }

    private static void awaitStage(String run, String stage, String state) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/strategy-runs/" + run).then().statusCode(200)
                .body("stages.find { it.name == '" + stage + "' }.state", equalTo(state)));
    }
}
