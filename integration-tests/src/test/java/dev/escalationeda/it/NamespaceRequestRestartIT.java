package dev.escalationeda.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.escalationeda.testing.CloudEventSink;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request in flight when the service is killed carries on after the restart, and is told once; its
 * events that the sink had not taken yet go out after the restart; an approval issue Jira was opening
 * when the service was killed is found, not opened a second time.
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
    void anIssueJiraWasOpeningWhenTheServiceWasKilledIsFoundAfterTheRestart() throws Exception {
        WireMockServer jira = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("wiremock"));
        jira.start();
        // Jira opens the issue but answers only after the service is gone.
        jira.stubFor(post(urlEqualTo("/rest/api/2/issue")).atPriority(1)
                .willReturn(okJson("{\"id\":\"10500\",\"key\":\"PLAT-500\"}").withFixedDelay(4000)));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search/jql")).atPriority(1)
                .willReturn(okJson("{\"issues\":[{\"id\":\"10500\",\"key\":\"PLAT-500\",\"fields\":{}}],\"isLast\":true}")));
        Map<String, String> environment = Map.of("JIRA_URL", "http://127.0.0.1:" + jira.port(), "JIRA_USERNAME", "bot@example.com",
                "JIRA_API_TOKEN", "jira-api-token", "JIRA_PROJECT", "PLAT", "JIRA_WEBHOOK_SECRET", "it-webhook-secret",
                "REQUEST_LEASE", "PT3S", "REQUEST_RESUME_INTERVAL_MS", "500");
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment)) {
            RequestApi api = new RequestApi(app);
            String id = api.create("{\"namespace\":\"team-j\",\"size\":\"large\",\"requester\":\"jdoe\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> !jira.findAll(postRequestedFor(urlEqualTo("/rest/api/2/issue"))).isEmpty());

            app.kill();
            app.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> "PLAT-500".equals(api.get(id).path("ticket").path("key").asText()));
            assertThat(api.get(id).path("status").asText()).isEqualTo("pending-approval");
            jira.verify(1, postRequestedFor(urlEqualTo("/rest/api/2/issue")));
            jira.verify(1, getRequestedFor(urlPathEqualTo("/rest/api/2/search/jql"))
                    .withQueryParam("jql", equalTo("labels = \"escalation-eda-request-" + id + "\" ORDER BY created ASC")));
        } finally {
            jira.stop();
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
