package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with nothing configured: the local stand-ins carry a request from start to end. */
class NamespaceRequestIT {

    @TempDir
    Path workDir;

    @Test
    void smallAndLargeRequestsEndAsManifestsAndMail() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, Map.of())) {
            RequestApi api = new RequestApi(app);
            HttpResponse<String> small = api.post("/api/namespace-requests",
                    "{\"namespace\":\"team-a\",\"size\":\"small\",\"requester\":\"jdoe\",\"requesterEmail\":\"jdoe@example.com\"}");
            assertThat(small.statusCode()).isEqualTo(201);
            String smallId = RequestApi.json(small.body()).path("id").asText();
            assertThat(small.headers().firstValue("Location")).hasValue("/api/namespace-requests/" + smallId);

            HttpResponse<String> large = api.post("/api/namespace-requests",
                    "{\"namespace\":\"big-data\",\"size\":\"large\",\"requester\":\"jdoe\",\"requesterEmail\":\"jdoe@example.com\"}");
            String largeId = RequestApi.json(large.body()).path("id").asText();
            assertThat(RequestApi.json(large.body()).path("status").asText()).isEqualTo("pending-approval");
            assertThat(api.post("/api/namespace-requests/" + largeId + "/approve", "").statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> !api.get(smallId).path("notifiedAt").isMissingNode()
                    && !api.get(largeId).path("notifiedAt").isMissingNode());
            JsonNode approved = api.get(largeId);
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

    @Test
    void listeningOnEveryAddressWithoutTokensTheApiAndTheEventsAreClosedAndTheRestRuns() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir, Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"))) {
            RequestApi api = new RequestApi(app);
            HttpResponse<String> refused = api.post("/api/namespace-requests",
                    "{\"namespace\":\"team-a\",\"size\":\"small\",\"requester\":\"jdoe\"}");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(RequestApi.json(refused.body()).path("errors").path("authorization").asText()).contains("API_TOKEN is not set");
            assertThat(workDir.resolve("out/manifests/team-a.yaml")).doesNotExist();
            HttpResponse<String> event = api.post("/events", "{\"name\":\"Push\"}");
            assertThat(event.statusCode()).isEqualTo(503);
            assertThat(RequestApi.json(event.body()).path("errors").path("authorization").asText()).contains("EVENTS_TOKEN is not set");
            assertThat(api.post("/webhook/jira", "{\"invalid\":\"any\"}").statusCode()).isEqualTo(204);
            assertThat(Files.readString(app.log())).contains("API_TOKEN is not set and the service listens on 0.0.0.0",
                    "EVENTS_TOKEN is not set and the service listens on 0.0.0.0");
        }
    }
}
