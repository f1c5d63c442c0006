package dev.escalationeda.management;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** With JOLOKIA_ENABLED, Hawtio's way in: the routes' JMX attributes read over Jolokia's HTTP API, with its user and password. */
@QuarkusTest
@TestProfile(JolokiaAgentTest.WithJolokia.class)
class JolokiaAgentTest {

    private static final String USER = "hawtio";
    /** With the characters that separate the agent's string options. */
    private static final String PASSWORD = "s3cret,port=1=";

    public static class WithJolokia implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eda.jolokia.enabled", "true", "eda.jolokia.port", Integer.toString(freePort()),
                    "eda.jolokia.user", USER, "eda.jolokia.password", PASSWORD);
        }
    }

    @Inject
    JolokiaConfig jolokia;

    @Test
    void withoutTheUserAndPasswordNothingIsRead() {
        read("/jolokia/", given()).statusCode(401);
        read("/jolokia/", given().auth().preemptive().basic(USER, "wrong")).statusCode(401);
        read("/jolokia/", given().auth().preemptive().basic("other", PASSWORD)).statusCode(401);
        // Jolokia's own unauthenticated context for its configuration runs requests too
        read("/jolokia/config", given()).statusCode(404);
        read("/jolokia/configuration", given()).statusCode(404);
    }

    @Test
    void hawtiosOwnAuthorizationHeaderIsTakenToo() {
        String credentials = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        read("/jolokia/", given().header("X-Jolokia-Authorization", "Basic " + credentials)).statusCode(200).body("status", equalTo(200));
    }

    @Test
    void aRequestForAnotherJmxServerIsNotProxied() {
        // JSR-160 proxy mode would have the agent connect to whatever JMX address a caller names
        given().auth().preemptive().basic(USER, PASSWORD).baseUri("http://127.0.0.1:" + jolokia.port()).contentType("application/json")
                .body(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "Uptime",
                        "target", Map.of("url", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi")))
                .post("/jolokia/").then().statusCode(200).body("status", equalTo(200)).body("error", nullValue());
    }

    @Test
    void aRoutesCompletedExchangesAreReadThroughJolokiaAfterTraffic() {
        long before = exchangesCompleted("list-strategy-runs");
        for (int call = 0; call < 3; call++) {
            given().get("/api/strategy-runs?size=1").then().statusCode(200);
        }
        assertThat(exchangesCompleted("list-strategy-runs")).isEqualTo(before + 3);
    }

    private long exchangesCompleted(String routeId) {
        return read("/jolokia/", given().auth().preemptive().basic(USER, PASSWORD), routeId).statusCode(200).extract().jsonPath()
                .getLong("value");
    }

    private ValidatableResponse read(String path, RequestSpecification request) {
        return read(path, request, "list-strategy-runs");
    }

    private ValidatableResponse read(String path, RequestSpecification request, String routeId) {
        return request.baseUri("http://127.0.0.1:" + jolokia.port()).contentType("application/json")
                .body(Map.of("type", "read", "mbean", "org.apache.camel:context=escalation-eda,type=routes,name=\"" + routeId + "\"",
                        "attribute", "ExchangesCompleted"))
                .post(path).then();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
