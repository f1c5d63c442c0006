package dev.escalationeda.strategy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.escalationeda.webhook.InProcessEventsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

/** An action that fails for a while and is tried again holds its stage for a lease from each new attempt. */
@QuarkusTest
@TestProfile(StageLeaseRenewalTest.SlowRetries.class)
class StageLeaseRenewalTest {

    /** Retries far enough apart for a test to see the lease between them. */
    public static class SlowRetries extends InProcessEventsProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("eda.requests.max-redeliveries", "3");
            overrides.put("eda.requests.redelivery-delay", "700");
            return overrides;
        }
    }

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Test
    void eachRetryOfAFailingCallRenewsTheLeaseUntilTheStageFails() throws IOException, SQLException {
        String url = "http://127.0.0.1:" + portWhereNothingListens() + "/deploy";
        String run = start(url);

        AtomicReference<OffsetDateTime> first = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            first.set(lease(run));
            return first.get() != null;
        });
        // renewed before the retry after 700 ms and again before the one 1,400 ms later (the third comes 2,800 ms after that)
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            OffsetDateTime now = lease(run);
            return now != null && now.isAfter(first.get().plus(Duration.ofMillis(1_800)));
        });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/strategy-runs/" + run).then()
                .body("status", equalTo("failed")).body("stages[0].detail", containsString("Connection refused")));
        assertThat(lease(run)).isNull();
    }

    @Test
    void aStageTakenOverBetweenTwoAttemptsIsNotTriedAgainNorFailedByTheFormerHolder() throws IOException, SQLException {
        String run = start("http://127.0.0.1:" + portWhereNothingListens() + "/deploy");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> lease(run) != null);

        // as a replica does that takes over a stage whose lease ran out
        OffsetDateTime otherHolders = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10).truncatedTo(ChronoUnit.SECONDS);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE stage_run SET lease_until = ? WHERE context_id = ?")) {
            update.setObject(1, otherHolders);
            update.setString(2, run);
            assertThat(update.executeUpdate()).isOne();
        }

        // past the three retries' waits: the stage stays the other holder's, running
        await().during(Duration.ofMillis(5_500)).atMost(Duration.ofMillis(6_500)).untilAsserted(() -> given().get("/api/strategy-runs/" + run)
                .then().body("stages[0].state", equalTo("running")));
        assertThat(lease(run)).isEqualTo(otherHolders);
    }

    private static String start(String url) {
        return given().contentType("application/json").body("{\"strategy\":\"called\",\"variables\":{\"url\":\"" + url + "\"}}")
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
    }

    private OffsetDateTime lease(String run) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT lease_until FROM stage_run WHERE context_id = ?")) {
            select.setString(1, run);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getObject(1, OffsetDateTime.class) : null;
            }
        }
    }

    private static int portWhereNothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
