package dev.escalationeda.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The Prometheus scrape: Camel route metrics and the product's own counters and gauges. */
@QuarkusTest
class MetricsTest {

    @Test
    void aScrapeShowsRoutesRequestsEscalationsAndStrategyRuns() {
        double pendingApproval = value("eda_namespace_requests", "status", "pending-approval");
        double pendingEscalations = value("eda_escalations_pending", "state", "pending");
        double runsInProgress = value("eda_strategy_runs_current", "status", "in-progress");
        double runsStarted = value("eda_strategy_runs_total", "status", "in-progress");

        given().contentType("application/json")
                .body(Map.of("namespace", "ns-" + UUID.randomUUID().toString().substring(0, 8), "size", "large", "requester", "jdoe",
                        "manager", "boss@example.com"))
                .post("/api/namespace-requests").then().statusCode(201);
        given().contentType("application/json").body(Map.of("strategy", "main", "variables", Map.of("src_repo", "r", "commit", "c",
                "app_image", "i", "app_image_tagged", "i:c", "approver_emails", "a@example.com"))).post("/api/strategy-runs")
                .then().statusCode(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(value("eda_namespace_requests", "status", "pending-approval")).isEqualTo(pendingApproval + 1);
            assertThat(value("eda_escalations_pending", "state", "pending")).isEqualTo(pendingEscalations + 1);
        });
        assertThat(value("eda_strategy_runs_total", "status", "in-progress")).isEqualTo(runsStarted + 1);
        assertThat(value("eda_strategy_runs_current", "status", "in-progress")).isGreaterThanOrEqualTo(runsInProgress);
        assertThat(value("camel_exchanges_total", "routeId", "create-namespace-request")).isGreaterThanOrEqualTo(1);
    }

    /** The value of the sample {@code name{..., tag="value", ...}}, or 0 when there is none. */
    private static double value(String name, String tag, String tagValue) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^" + name + "\\{[^}]*" + tag + "=\"" + Pattern.quote(tagValue) + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
