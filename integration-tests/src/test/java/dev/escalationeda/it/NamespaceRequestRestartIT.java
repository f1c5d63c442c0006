package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.escalationeda.testing.CloudEventSink;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request in flight when the service is killed carries on after the restart, and is told once; its
 * events that the sink had not taken yet go out after the restart.
 */
class NamespaceRequestRestartIT {

    @TempDir
    Path workDir;

    @Test
    void theRequesterIsToldAfterSmtpComesBackAndTheServiceRestarts() throws Exception {
        int smtpPort = ApplicationProcess.freePort();
        // The killed process held the request: it is taken up again once that hold has run out.
        Map<String, String> environment = Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtpPort),
                "REQUEST_STEP_MAX_REDELIVERIES", "1000", "REQUEST_STEP_REDELIVERY_DELAY_MS", "200",
                "REQUEST_LEASE", "PT3S", "REQUEST_RESUME_INTERVAL_MS", "500");
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment)) {
            RequestApi api = new RequestApi(app);
            String id = api.create("{\"namespace\":\"team-r\",\"size\":\"small\",\"requester\":\"jdoe\","
                    + "\"requesterEmail\":\"jdoe@example.com\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> "provisioned".equals(api.get(id).path("status").asText()));
            assertThat(api.get(id).path("notifiedAt").isMissingNode()).as("SMTP is down: not told yet").isTrue();

            app.kill();
            GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                app.restart();
                await().atMost(Duration.ofSeconds(30)).until(() -> !api.get(id).path("notifiedAt").isMissingNode());
                assertThat(smtp.getReceivedMessages()).hasSize(1);
                assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Namespace team-r is ready");
                assertThat(workDir.resolve("out/manifests/team-r.yaml")).exists();
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void eventsTheSinkHadNotTakenGoOutAfterTheServiceIsKilledAndRestarted() throws Exception {
        try (CloudEventSink sink = new CloudEventSink();
                ApplicationProcess app = ApplicationProcess.start(workDir, Map.of("K_SINK", sink.url()))) {
            sink.mode(CloudEventSink.Mode.UNAVAILABLE);
            RequestApi api = new RequestApi(app);
            String id = api.create("{\"namespace\":\"team-e\",\"size\":\"small\",\"requester\":\"jdoe\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> "provisioned".equals(api.get(id).path("status").asText())
                    && sink.attempts() >= 2);

            app.kill();
            sink.mode(CloudEventSink.Mode.ACCEPT);
            app.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.events().size() >= 2);
            assertThat(sink.events()).extracting(CloudEvent::getId).containsExactly(id + ".requested", id + ".provisioned");
        }
    }
}
