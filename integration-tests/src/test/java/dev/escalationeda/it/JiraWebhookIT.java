package dev.escalationeda.it;

import static dev.escalationeda.testing.JiraWebhooks.CLOUD_DONE;
import static dev.escalationeda.testing.JiraWebhooks.edited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.escalationeda.testing.CloudEventSink;
import dev.escalationeda.testing.JiraWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as a process and reached only over HTTP. */
class JiraWebhookIT {

    private static final String SECRET = "it-webhook-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private CloudEventSink sink;

    @TempDir
    Path workDir;

    @BeforeEach
    void startSink() {
        sink = new CloudEventSink();
    }

    @AfterEach
    void stopSink() {
        sink.close();
    }

    @Test
    void aSignedWebhookBecomesOneCloudEventAtTheSink() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment())) {
            byte[] body = edited(CLOUD_DONE, b -> { });
            String deliveryId = UUID.randomUUID().toString();

            HttpResponse<String> accepted = post(app, body, deliveryId, JiraWebhooks.signature(SECRET, body));
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).contains("\"workFlowInstanceId\":\"500\"");
            assertThat(post(app, body, deliveryId, JiraWebhooks.signature(SECRET, body)).statusCode()).isEqualTo(200);
            assertThat(post(app, body, UUID.randomUUID().toString(), "sha256=00").statusCode()).isEqualTo(401);

            assertThat(sink.events()).singleElement().satisfies(event -> {
                assertThat(event.getId()).isEqualTo(deliveryId);
                assertThat(event.getType()).isEqualTo("dev.parodos.escalation");
                assertThat(event.getExtension("kogitoprocrefid")).isEqualTo("500");
            });
        }
    }

    @Test
    void aDeliveryRecordedBeforeAKillIsStillADuplicateAfterRestart() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment())) {
            byte[] body = edited(CLOUD_DONE, b -> { });
            String signature = JiraWebhooks.signature(SECRET, body);
            String before = UUID.randomUUID().toString();
            assertThat(post(app, body, before, signature).statusCode()).isEqualTo(200);

            app.kill();
            app.restart();

            assertThat(post(app, body, before, signature).statusCode()).isEqualTo(200);
            String after = UUID.randomUUID().toString();
            assertThat(post(app, body, after, signature).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(sink.events()).extracting(event -> event.getId()).containsExactly(before, after));
        }
    }

    @Test
    void aDeliveryThatFailedBeforeAKillIsDeliveredAfterRestart() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment())) {
            byte[] body = edited(CLOUD_DONE, b -> { });
            String signature = JiraWebhooks.signature(SECRET, body);
            String deliveryId = UUID.randomUUID().toString();
            sink.mode(CloudEventSink.Mode.UNAVAILABLE);
            assertThat(post(app, body, deliveryId, signature).statusCode()).isEqualTo(503);

            app.kill();
            sink.mode(CloudEventSink.Mode.ACCEPT);
            app.restart();

            assertThat(post(app, body, deliveryId, signature).statusCode()).isEqualTo(200);
            assertThat(sink.events()).extracting(event -> event.getId()).containsExactly(deliveryId);
        }
    }

    @Test
    void aDeliveryInFlightWhenItsProcessDiedIsTakenOverAfterTheClaimTimeout() throws Exception {
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("WEBHOOK_CLAIM_TIMEOUT", "PT15S");
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment)) {
            byte[] body = edited(CLOUD_DONE, b -> { });
            String signature = JiraWebhooks.signature(SECRET, body);
            String deliveryId = UUID.randomUUID().toString();
            sink.mode(CloudEventSink.Mode.HANG);
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(app, body, deliveryId, signature);
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.attempts() > 0);

            app.kill();
            assertThat(inFlight).failsWithin(Duration.ofSeconds(10));
            sink.mode(CloudEventSink.Mode.ACCEPT);
            app.restart();

            assertThat(post(app, body, deliveryId, signature).statusCode())
                    .as("the dead process's claim still stands").isEqualTo(503);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> post(app, body, deliveryId, signature).statusCode() == 200);
            assertThat(post(app, body, deliveryId, signature).statusCode()).isEqualTo(200);
            assertThat(sink.events()).extracting(event -> event.getId()).containsExactly(deliveryId);
        }
    }

    @Test
    void withNothingConfiguredTheServiceStartsWithoutWarningsAndAcceptsWebhooks() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, Map.of())) {
            byte[] body = edited(CLOUD_DONE, b -> { });
            assertThat(post(app, body, UUID.randomUUID().toString(), null).statusCode()).isEqualTo(200);
            assertThat(workDir.resolve("data")).isDirectory();
            assertThat(Files.readAllLines(app.log()).stream().filter(line -> line.matches("\\S+ \\S+ (WARN|ERROR) .*")))
                    .as("warnings and errors in the log").isEmpty();
        }
    }

    private Map<String, String> environment() {
        return Map.of("K_SINK", sink.url(), "JIRA_WEBHOOK_SECRET", SECRET,
                "EVENT_SINK_MAX_REDELIVERIES", "1", "EVENT_SINK_REDELIVERY_DELAY_MS", "10");
    }

    private HttpResponse<String> post(ApplicationProcess app, byte[] body, String deliveryId, String signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url("/webhook/jira")))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
