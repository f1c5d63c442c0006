package dev.escalationeda.webhook;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the webhook counters the way Prometheus does: from the scrape endpoint. */
final class WebhookMetrics {

    private WebhookMetrics() {
    }

    static double count(String outcome) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^eda_webhooks_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
