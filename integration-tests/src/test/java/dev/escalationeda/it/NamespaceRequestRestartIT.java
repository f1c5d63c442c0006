package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request in flight when the service is killed carries on after the restart, and is told once. */
class NamespaceRequestRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void theRequesterIsToldAfterSmtpComesBackAndTheServiceRestarts() throws Exception {
        int smtpPort = freePort();
        Map<String, String> environment = Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtpPort),
                "REQUEST_STEP_MAX_REDELIVERIES", "1000", "REQUEST_STEP_REDELIVERY_DELAY_MS", "200");
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment)) {
            String id = JSON.readTree(post(app, "{\"namespace\":\"team-r\",\"size\":\"small\",\"requester\":\"jdoe\","
                    + "\"requesterEmail\":\"jdoe@example.com\"}").body()).path("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> "provisioned".equals(get(app, id).path("status").asText()));
            assertThat(get(app, id).path("notifiedAt").isMissingNode()).as("SMTP is down: not told yet").isTrue();

            app.kill();
            GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                app.restart();
                await().atMost(Duration.ofSeconds(30)).until(() -> !get(app, id).path("notifiedAt").isMissingNode());
                assertThat(smtp.getReceivedMessages()).hasSize(1);
                assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Namespace team-r is ready");
                assertThat(workDir.resolve("out/manifests/team-r.yaml")).exists();
            } finally {
                smtp.stop();
            }
        }
    }

    private JsonNode get(ApplicationProcess app, String id) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(app.url("/api/namespace-requests/" + id))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(ApplicationProcess app, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.url("/api/namespace-requests")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
