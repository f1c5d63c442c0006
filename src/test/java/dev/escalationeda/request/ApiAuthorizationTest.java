package dev.escalationeda.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** With tokens configured, the API and the event ingress answer only to callers that present them. */
@QuarkusTest
@TestProfile(ApiAuthorizationTest.WithApiToken.class)
class ApiAuthorizationTest {

    private static final String TOKEN = "api-token-for-tests";
    private static final String EVENTS_TOKEN = "events-token-for-tests";

    public static class WithApiToken implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eda.api.token", TOKEN, "eda.strategies.events-token", EVENTS_TOKEN);
        }
    }

    @Test
    void callsWithoutTheTokenAreRefusedAndChangeNothing() {
        String body = "{\"namespace\":\"ns-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"size\":\"large\",\"requester\":\"jdoe\"}";
        int before = count();
        given().contentType("application/json").body(body).post("/api/namespace-requests")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("errors", hasKey("authorization"));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body(body).post("/api/namespace-requests")
                .then().statusCode(401);
        given().header("Authorization", TOKEN).get("/api/namespace-requests").then().statusCode(401);
        assertThat(count()).isEqualTo(before);

        String id = given().header("Authorization", "Bearer " + TOKEN).contentType("application/json").body(body)
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
        given().post("/api/namespace-requests/" + id + "/approve").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").post("/api/namespace-requests/" + id + "/deny").then().statusCode(401);
        given().get("/api/namespace-requests/" + id).then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).get("/api/namespace-requests/" + id)
                .then().statusCode(200).body("status", equalTo("pending-approval"));
    }

    @Test
    void eventsAndStrategyRunsNeedTheirTokens() {
        String push = "{\"name\":\"Push\",\"branch\":\"master\",\"commit\":\"1\",\"repository\":\"r\",\"repository_name\":\"r\"}";
        String start = "{\"strategy\":\"main\",\"variables\":{\"src_repo\":\"r\",\"commit\":\"1\",\"app_image\":\"i\","
                + "\"app_image_tagged\":\"i:1\",\"approver_emails\":\"a@example.com\"}}";
        int before = runCount();
        pushEvent(push).post("/events").then().statusCode(401).header("WWW-Authenticate", "Bearer").body("errors", hasKey("authorization"));
        pushEvent(push).header("Authorization", "Bearer wrong").post("/events").then().statusCode(401);
        pushEvent(push).header("Authorization", "Bearer " + TOKEN).post("/events").then().statusCode(401);
        given().get("/api/strategy-runs").then().statusCode(401);
        given().contentType("application/json").body(start).post("/api/strategy-runs").then().statusCode(401);
        given().header("Authorization", "Bearer " + EVENTS_TOKEN).contentType("application/json").body(start)
                .post("/api/strategy-runs").then().statusCode(401);
        assertThat(runCount()).isEqualTo(before);

        String run = pushEvent(push).header("Authorization", "Bearer " + EVENTS_TOKEN)
                .post("/events").then().statusCode(202).body("startedRuns.size()", equalTo(1)).extract().path("startedRuns[0]");
        given().get("/api/strategy-runs/" + run).then().statusCode(401);
        given().header("Authorization", "Bearer " + EVENTS_TOKEN).get("/api/strategy-runs/" + run).then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).get("/api/strategy-runs/" + run).then().statusCode(200)
                .body("strategy", equalTo("main"));
        assertThat(runCount()).isEqualTo(before + 1);
    }

    @Test
    void aKnativeTriggerGivesTheEventsTokenInItsSubscriberUriAndTheApiTakesNoTokenFromTheAddress() {
        String push = "{\"name\":\"Push\",\"branch\":\"master\",\"commit\":\"2\",\"repository\":\"r\",\"repository_name\":\"r\"}";
        int before = runCount();
        pushEvent(push).queryParam("access_token", "wrong").post("/events").then().statusCode(401);
        pushEvent(push).queryParam("access_token", EVENTS_TOKEN).post("/events").then().statusCode(202)
                .body("startedRuns.size()", equalTo(1));
        given().queryParam("access_token", TOKEN).get("/api/strategy-runs").then().statusCode(401);
        assertThat(runCount()).isEqualTo(before + 1);
    }

    private static RequestSpecification pushEvent(String push) {
        return given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/t")
                .header("ce-type", "t").contentType("application/json").body(push);
    }

    private static int runCount() {
        return pagedCount("/api/strategy-runs");
    }

    private static int count() {
        return pagedCount("/api/namespace-requests");
    }

    private static int pagedCount(String path) {
        int total = 0;
        for (int page = 0; ; page++) {
            int onPage = given().header("Authorization", "Bearer " + TOKEN).queryParam("size", 100).queryParam("page", page)
                    .get(path).then().statusCode(200).extract().path("size()");
            total += onPage;
            if (onPage < 100) {
                return total;
            }
        }
    }
}
