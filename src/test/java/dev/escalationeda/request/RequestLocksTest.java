package dev.escalationeda.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hold of a worker on a request, in its replica and across replicas (each {@link RequestLocks}
 * here stands for one replica; they share the state database).
 */
@QuarkusTest
class RequestLocksTest {

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Inject
    RequestWorkConfig config;

    @Inject
    Clock clock;

    @Inject
    NamespaceRequestStore store;

    private String requestId;

    /** A large request waits for approval; the service's own worker has looked at it and let it go. */
    @BeforeEach
    void aRequestNobodyHolds() {
        requestId = given().contentType("application/json")
                .body("{\"namespace\":\"locks-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"size\":\"large\",\"requester\":\"jdoe\"}")
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(5)).until(() -> !leased(requestId));
    }

    @Test
    void oneHolderAtATimeAndNewsWhileHeldIsReportedOnRelease() {
        RequestLocks locks = new RequestLocks(dataSource, config, clock);
        assertThat(locks.tryAcquire(requestId)).isTrue();
        assertThat(locks.tryAcquire(requestId)).as("held").isFalse();
        assertThat(locks.release(requestId)).as("a message came while held").isTrue();

        assertThat(locks.tryAcquire(requestId)).as("free again").isTrue();
        assertThat(locks.release(requestId)).as("nothing came meanwhile").isFalse();
    }

    @Test
    void aRequestHeldByOneReplicaIsNotWorkedOnByAnother() throws SQLException {
        RequestLocks first = new RequestLocks(dataSource, config, clock);
        RequestLocks second = new RequestLocks(dataSource, config, clock);

        assertThat(first.tryAcquire(requestId)).isTrue();
        assertThat(leased(requestId)).isTrue();
        assertThat(second.tryAcquire(requestId)).as("held by the other replica").isFalse();
        assertThat(store.inFlight(true, 1000)).as("the resume timer leaves it alone").doesNotContain(requestId);

        assertThat(first.release(requestId)).as("the other replica's message is not this one's news").isFalse();
        assertThat(leased(requestId)).isFalse();
        assertThat(store.inFlight(true, 1000)).as("taken up again by the resume timer").contains(requestId);
        assertThat(store.inFlight(false, 1000)).as("not while no ticket is to be opened").doesNotContain(requestId);
        assertThat(second.tryAcquire(requestId)).isTrue();
        assertThat(second.release(requestId)).isFalse();
    }

    @Test
    void theHoldOfAReplicaThatDiedRunsOutAfterTheLease() {
        RequestLocks died = new RequestLocks(dataSource, config, clock);
        RequestLocks later = new RequestLocks(dataSource, config,
                Clock.offset(clock, config.lease().plusSeconds(1)));
        RequestLocks meanwhile = new RequestLocks(dataSource, config, Clock.offset(clock, config.lease().minusSeconds(5)));

        assertThat(died.tryAcquire(requestId)).isTrue();
        assertThat(meanwhile.tryAcquire(requestId)).as("within the lease").isFalse();
        assertThat(later.tryAcquire(requestId)).as("after the lease").isTrue();
        assertThat(later.release(requestId)).isFalse();
    }

    @Test
    void anUnknownRequestIsNeverHeld() {
        RequestLocks locks = new RequestLocks(dataSource, config, clock);
        assertThat(locks.tryAcquire("no-such-request")).isFalse();
    }

    private boolean leased(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT worker_lease_until FROM namespace_request WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getTimestamp(1) != null;
            }
        }
    }
}
