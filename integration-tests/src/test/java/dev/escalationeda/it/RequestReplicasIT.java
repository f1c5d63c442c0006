package dev.escalationeda.it;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Namespace requests worked on by two replicas sharing PostgreSQL, as in a rolling update: a replica
 * starts (and looks for requests in flight) while the other is in the middle of opening their Jira
 * issues. Each request gets exactly one issue.
 */
class RequestReplicasIT {

    private static final int REQUESTS = 64;
    /** Jira answers slowly, so that the second replica starts while issues are being opened. */
    private static final int JIRA_DELAY_MS = 2000;

    @TempDir
    Path workDir;

    @Test
    void aReplicaStartingWhileAnotherOpensIssuesOpensNoSecondIssue() throws Exception {
        WireMockServer jira = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("wiremock"));
        jira.start();
        jira.setGlobalFixedDelay(JIRA_DELAY_MS);
        try (PostgresqlDatabase database = new PostgresqlDatabase()) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.putAll(Map.of("JIRA_URL", "http://127.0.0.1:" + jira.port(), "JIRA_USERNAME", "bot@example.com",
                    "JIRA_API_TOKEN", "jira-api-token", "JIRA_PROJECT", "PLAT", "JIRA_WEBHOOK_SECRET", "it-webhook-secret",
                    "REQUEST_RESUME_INTERVAL_MS", "200",
                    // Few workers: 32 slow calls at once can outlast the HTTP response timeout on 2 cores, and a
                    // create retried after a timeout would open a second issue here (this WireMock's search
                    // finds none); the hold is what is tested.
                    "REQUEST_WORKERS", "8"));
            try (ApplicationProcess first = ApplicationProcess.start(workDir.resolve("replica-1"), environment)) {
                RequestApi api = new RequestApi(first);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    ids.add(api.create("{\"namespace\":\"replicas-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)
                            + "\",\"size\":\"large\",\"requester\":\"jdoe\"}"));
                }
                // in a time zone 14 hours ahead: the replicas must read each other's holds as the same instants
                try (ApplicationProcess second = ApplicationProcess.start(workDir.resolve("replica-2"), environment,
                        "-Duser.timezone=Pacific/Kiritimati")) {
                    RequestApi other = new RequestApi(second);
                    long withTicket = 0;
                    for (String id : ids) {
                        withTicket += other.get(id).path("ticket").isObject() ? 1 : 0;
                    }
                    assertThat(withTicket).as("issues still being opened when the second replica was up").isLessThan(REQUESTS);
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        for (String id : ids) {
                            assertThat(other.get(id).path("ticket").path("key").asText()).as(id).startsWith("PLAT-");
                        }
                    });
                    Thread.sleep(2 * JIRA_DELAY_MS);
                    jira.verify(REQUESTS, postRequestedFor(urlEqualTo("/rest/api/2/issue")));
                }
            }
        } finally {
            jira.stop();
        }
    }
}
