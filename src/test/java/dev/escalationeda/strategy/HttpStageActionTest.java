package dev.escalationeda.strategy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.escalationeda.testing.JiraAndBackstageResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * The {@code http} action of strategy {@code called} of the test strategies against WireMock: a server
 * error is tried again (the test configuration allows two retries), any other answer that is not 2xx
 * fails the stage at once, and a failed stage's detail quotes the answer.
 */
@QuarkusTest
@TestProfile(HttpStageActionTest.TestStrategies.class)
@QuarkusTestResource(value = JiraAndBackstageResource.class, restrictToAnnotatedClass = true)
class HttpStageActionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class TestStrategies implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eda.strategies.dir", "src/test/resources/strategies/in-process");
        }
    }

    WireMockServer server;

    @Test
    void aServerErrorIsTriedAgainAndTheStageSucceedsOnceTheServerAnswers() {
        String path = path();
        server.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still down"));
        server.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("still down")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post(urlEqualTo(path)).inScenario(path).whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));

        JsonPath run = awaitFinished(start(path));

        assertThat(run.getString("status")).isEqualTo("success");
        assertThat(run.getString("stages[0].detail")).isEqualTo("HTTP 200");
        server.verify(3, postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void aServerErrorThatLastsFailsTheStageAfterTheRetriesQuotingTheAnswer() {
        String path = path();
        String answer = "upstream deploy service unavailable " + "x".repeat(5_000);
        server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503).withBody(answer)));

        JsonPath run = awaitFinished(start(path));

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("stages[0].detail")).contains("statusCode: 503").contains("upstream deploy service unavailable xxx")
                .hasSizeLessThan(1_000);
        server.verify(3, postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void aRefusalFailsTheStageAfterOneCall() {
        String path = path();
        server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(404).withBody("no such deployment")));

        JsonPath run = awaitFinished(start(path));

        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("stages[0].detail")).contains("statusCode: 404").endsWith(": no such deployment");
        server.verify(1, postRequestedFor(urlEqualTo(path)));
    }

    private static String path() {
        return "/deployments/" + UUID.randomUUID();
    }

    private String start(String path) {
        String url = server.baseUrl() + path;
        return given().contentType("application/json").body("{\"strategy\":\"called\",\"variables\":{\"url\":\"" + url + "\"}}")
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
    }

    private static JsonPath awaitFinished(String run) {
        return await().atMost(WAIT).until(() -> given().get("/api/strategy-runs/" + run).then().statusCode(200).extract().jsonPath(),
                found -> !"in-progress".equals(found.getString("status")));
    }
}
