package dev.escalationeda.it;

import static dev.escalationeda.testing.JiraWebhooks.CLOUD_DONE;
import static dev.escalationeda.testing.JiraWebhooks.edited;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.escalationeda.testing.CloudEventSink;
import dev.escalationeda.testing.JiraWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas of the packaged service sharing one PostgreSQL database, as in production. */
class SharedPostgresqlIT {

    private static final String SECRET = "it-webhook-secret";
    private static final int DELIVERIES = 40;

    @TempDir
    Path workDir;

    @Test
    void jiraRedeliveriesSpreadOverTwoReplicasGiveOneEventEach() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (PostgresqlDatabase database = new PostgresqlDatabase();
                CloudEventSink sink = new CloudEventSink()) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("K_SINK", sink.url());
            environment.put("JIRA_WEBHOOK_SECRET", SECRET);
            try (ApplicationProcess first = ApplicationProcess.start(workDir.resolve("replica-1"), environment);
                    ApplicationProcess second = ApplicationProcess.start(workDir.resolve("replica-2"), environment)) {
                byte[] body = edited(CLOUD_DONE, b -> { });
                List<String> deliveryIds = new ArrayList<>();
                List<CompletableFuture<Integer>> deliveries = new ArrayList<>();
                for (int i = 0; i < DELIVERIES; i++) {
                    String deliveryId = UUID.randomUUID().toString();
                    deliveryIds.add(deliveryId);
                    for (ApplicationProcess replica : List.of(first, second, first, second)) {
                        deliveries.add(deliverUntilAccepted(http, replica, body, deliveryId));
                    }
                }
                for (CompletableFuture<Integer> delivery : deliveries) {
                    assertThat(delivery.join()).isEqualTo(200);
                }

                assertThat(sink.events()).extracting(event -> event.getId())
                        .containsExactlyInAnyOrderElementsOf(deliveryIds);
                try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM webhook_delivery WHERE state = 'delivered'")) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(DELIVERIES);
                }
                assertThat(workDir.resolve("replica-1").resolve("data")).as("the embedded database stays unused")
                        .doesNotExist();
            }
        }
    }

    /** Jira's behaviour: a 503 (the same delivery is in flight on another replica) is retried. */
    private static CompletableFuture<Integer> deliverUntilAccepted(HttpClient http, ApplicationProcess replica,
            byte[] body, String deliveryId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.url("/webhook/jira")))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenCompose(response ->
                response.statusCode() == 503
                        ? CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
                                .thenCompose(retry -> deliverUntilAccepted(http, replica, body, deliveryId))
                        : CompletableFuture.completedFuture(response.statusCode()));
    }
}
