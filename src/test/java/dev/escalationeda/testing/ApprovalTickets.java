package dev.escalationeda.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import dev.escalationeda.ticket.TrackedTickets;
import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.literal.NamedLiteral;

/** The approval ticket of a request, as the request API shows it once Jira has opened it. */
public final class ApprovalTickets {

    private ApprovalTickets() {
    }

    /** Waits until the request has its Jira issue; returns the issue key. */
    public static String awaitKey(String requestId) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                given().get("/api/namespace-requests/" + requestId).then().extract().path("ticket.key") != null);
        return given().get("/api/namespace-requests/" + requestId).then().extract().path("ticket.key");
    }

    /** Tracks a Jira issue as the approval ticket of a request, as the service does when it opens one. */
    public static void track(String issueKey, String requestId) {
        DataSource stateDataSource = Arc.container().instance(DataSource.class, NamedLiteral.of("stateDataSource")).get();
        try (Connection connection = stateDataSource.getConnection()) {
            Arc.container().instance(TrackedTickets.class).get().track(connection, issueKey, requestId, Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot track " + issueKey, e);
        }
    }
}
