package dev.escalationeda.strategy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.escalationeda.webhook.InProcessEventsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

/** An Idempotency-Key starts one run, also when the calls that carry it name different strategies. */
@QuarkusTest
@TestProfile(InProcessEventsProfile.class)
class IdempotentRunStartTest {

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Inject
    StrategyEngine engine;

    @Inject
    StrategyCatalog catalog;

    @Test
    void aKeyWhoseRunTheVersionBeforeStartedFindsThatRun() throws SQLException {
        String key = "release-" + UUID.randomUUID();
        String started = UUID.randomUUID().toString();
        // as a replica of the version before the key table stored it, during a rolling update
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO strategy_run "
                        + "(context_id, strategy, status, cause, variables, created_at) VALUES (?, 'reviewed', 'in-progress', ?, '{}', ?)")) {
            insert.setString(1, started);
            insert.setString(2, "<api> " + key);
            insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
        }

        given().contentType("application/json").header("Idempotency-Key", key).body("{\"strategy\":\"reviewed\"}")
                .post("/api/strategy-runs").then().statusCode(200).header("Content-Location", equalTo("/api/strategy-runs/" + started))
                .body("contextId", equalTo(started));
    }

    @Test
    void aKeyThatStartedARunStartsNoRunOfAnotherStrategyEvenPastTheApisCheck() {
        String key = "release-" + UUID.randomUUID();
        String reviewed = given().contentType("application/json").header("Idempotency-Key", key).body("{\"strategy\":\"reviewed\"}")
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
        String cause = given().get("/api/strategy-runs/" + reviewed).then().statusCode(200).extract().path("startedBy");

        // a second request with the key, naming another strategy, that looked for the key's run a moment before the first stored it
        assertThat(engine.startManually(catalog.definition("routed").orElseThrow(), Map.of("rollout", "Everywhere"), cause, Map.of()))
                .isEmpty();

        given().get("/api/strategy-runs?strategy=routed").then().statusCode(200).body("findAll { it.startedBy == '" + cause + "' }.size()",
                equalTo(0));
        given().contentType("application/json").header("Idempotency-Key", key).body("{\"strategy\":\"routed\",\"variables\":{\"rollout\":\"Canary\"}}")
                .post("/api/strategy-runs").then().statusCode(422).body("errors.Idempotency-Key", containsString(reviewed));
        given().contentType("application/json").header("Idempotency-Key", key).body("{\"strategy\":\"reviewed\"}")
                .post("/api/strategy-runs").then().statusCode(200).body("contextId", equalTo(reviewed));
    }
}
