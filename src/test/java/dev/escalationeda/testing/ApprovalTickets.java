package dev.escalationeda.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

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
}
