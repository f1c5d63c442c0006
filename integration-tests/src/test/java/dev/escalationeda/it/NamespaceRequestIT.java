package dev.escalationeda.it;

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
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with nothing configured: the local stand-ins carry a request from start to end. */
class NamespaceRequestIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void smallAndLargeRequestsEndAsManifestsAndMail() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, Map.of())) {
            HttpResponse<String> small = post(app, "/api/namespace-requests",
                    "{\"namespace\":\"team-a\",\"size\":\"small\",\"requester\":\"jdoe\",\"requesterEmail\":\"jdoe@example.com\"}");
            assertThat(small.statusCode()).isEqualTo(201);
            String smallId = JSON.readTree(small.body()).path("id").asText();
            assertThat(small.headers().firstValue("Location")).hasValue("/api/namespace-requests/" + smallId);

            HttpResponse<String> large = post(app, "/api/namespace-requests",
                    "{\"namespace\":\"big-data\",\"size\":\"large\",\"requester\":\"jdoe\",\"requesterEmail\":\"jdoe@example.com\"}");
            String largeId = JSON.readTree(large.body()).path("id").asText();
            assertThat(JSON.readTree(large.body()).path("status").asText()).isEqualTo("pending-approval");
            assertThat(post(app, "/api/namespace-requests/" + largeId + "/approve", "").statusCode()).isEqualTo(200);

            awaitNotified(app, smallId);
            JsonNode approved = awaitNotified(app, largeId);
            assertThat(approved.path("status").asText()).isEqualTo("provisioned");
            assertThat(approved.path("result").path("result").path("completedWith").asText()).isEqualTo("success");
            assertThat(Files.readString(workDir.resolve("out/manifests/big-data.yaml")))
                    .contains("escalation-eda.dev/request-id: \"" + largeId + "\"", "requests.cpu: \"16\"");
            assertThat(workDir.resolve("out/manifests/team-a.yaml")).exists();
            try (Stream<Path> mail = Files.list(workDir.resolve("out/mail"))) {
                assertThat(mail.filter(file -> file.toString().endsWith(".eml"))).hasSize(2);
            }
        }
    }

    private JsonNode awaitNotified(ApplicationProcess app, String id) throws IOException, InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> !get(app, id).path("notifiedAt").isMissingNode());
        return get(app, id);
    }

    private JsonNode get(ApplicationProcess app, String id) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(app.url("/api/namespace-requests/" + id))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(ApplicationProcess app, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
