package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escalationeda.testing.CloudEventSink;
import io.cloudevents.CloudEvent;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalations of the packaged service survive SIGKILL and are shared by two replicas on PostgreSQL:
 * every level of every request is mailed (GreenMail), and recorded, exactly once.
 */
class EscalationIT {

    private static final int SENDERS = 8;

    @TempDir
    Path workDir;

    /** Also: with no Jira issue to comment on and nobody to notify in Backstage, the event goes out with the mail. */
    @Test
    void escalationsThatCameDueWhileTheServiceWasDownAreMailedAfterTheRestart() throws Exception {
        try (EscalationMailbox mailbox = new EscalationMailbox(); CloudEventSink sink = new CloudEventSink();
                ApplicationProcess app = ApplicationProcess.start(workDir, withSink(environment(mailbox, 3), sink))) {
            RequestApi api = new RequestApi(app);
            List<String> ids = createRequests(List.of(api), "down", 20);
            app.kill();
            Thread.sleep(4000);
            assertThat(mailbox.messageIds()).isEmpty();

            long restarted = System.nanoTime();
            app.restart();
            eventually(30).until(() -> mailbox.messageIds().size() >= ids.size());
            Duration late = Duration.ofNanos(System.nanoTime() - restarted);
            Thread.sleep(1500);
            assertThat(mailbox.copies()).hasSize(ids.size()).allSatisfy((messageId, copies) -> assertThat(copies).isEqualTo(1L));
            assertThat(mailbox.copies().keySet()).isEqualTo(expectedMessageIds(ids));
            assertThat(late).as("mailed within the restart time and a poll").isLessThan(Duration.ofSeconds(20));
            assertEscalatedOnce(api, ids);
            eventually(10).until(() -> escalatedEvents(sink).size() >= ids.size());
            assertThat(escalatedEvents(sink)).extracting(CloudEvent::getId)
                    .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + ".escalated.1").toList());
        }
    }

    @Test
    void killedWhileMailingEveryEscalationIsStillMailedAndRecordedOnce() throws Exception {
        try (EscalationMailbox mailbox = new EscalationMailbox();
                ApplicationProcess app = ApplicationProcess.start(workDir, environment(mailbox, 3))) {
            RequestApi api = new RequestApi(app);
            List<String> ids = createRequests(List.of(api), "burst", 120);
            eventually(20).until(() -> mailbox.messageIds().size() >= 30);
            app.kill();
            int beforeKill = mailbox.messageIds().size();

            app.restart();
            assertEachMailedOnceAfterAKill(mailbox, api, ids, beforeKill);
        }
    }

    @Test
    void twoReplicasOnPostgresqlMailEachEscalationOnceEvenWhenOneIsKilled() throws Exception {
        try (EscalationMailbox mailbox = new EscalationMailbox(); PostgresqlDatabase database = new PostgresqlDatabase()) {
            Map<String, String> environment = new HashMap<>(environment(mailbox, 4));
            environment.putAll(database.environment());
            try (ApplicationProcess first = ApplicationProcess.start(workDir.resolve("replica-1"), environment);
                    ApplicationProcess second = ApplicationProcess.start(workDir.resolve("replica-2"), environment)) {
                RequestApi firstApi = new RequestApi(first);
                RequestApi secondApi = new RequestApi(second);
                // a quarter is approved in time, right after it is taken, on the replica that did not take it
                List<String> approved = new ArrayList<>();
                List<String> escalated = new ArrayList<>();
                for (int i = 0; i < 160; i++) {
                    RequestApi taker = i % 2 == 0 ? firstApi : secondApi;
                    RequestApi other = i % 2 == 0 ? secondApi : firstApi;
                    String id = createRequests(List.of(taker), "shared-" + i, 1).get(0);
                    if (i % 4 == 0) {
                        assertThat(other.post("/api/namespace-requests/" + id + "/approve", "").statusCode()).isEqualTo(200);
                        approved.add(id);
                    } else {
                        escalated.add(id);
                    }
                }

                eventually(20).until(() -> mailbox.messageIds().size() >= 20);
                first.kill();
                int beforeKill = mailbox.messageIds().size();

                assertEachMailedOnceAfterAKill(mailbox, secondApi, escalated, beforeKill);
                for (String id : approved) {
                    assertThat(timelineEvents(secondApi.get(id))).doesNotContain("escalated");
                }
            }
        }
    }

    private static Map<String, String> withSink(Map<String, String> environment, CloudEventSink sink) {
        Map<String, String> withSink = new HashMap<>(environment);
        withSink.put("K_SINK", sink.url());
        return withSink;
    }

    private static List<CloudEvent> escalatedEvents(CloudEventSink sink) {
        return sink.events().stream().filter(event -> event.getType().equals("dev.escalationeda.namespace.escalated")).toList();
    }

    /** Awaits, ignoring GreenMail's complaints about connections the killed service left half-way. */
    private static ConditionFactory eventually(int seconds) {
        return await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(seconds));
    }

    private static Map<String, String> environment(EscalationMailbox mailbox, int timeoutSeconds) {
        Map<String, String> environment = new HashMap<>(mailbox.environment());
        environment.put("ESCALATION_TIMEOUT_SECONDS", Integer.toString(timeoutSeconds));
        environment.put("ESCALATION_SENDERS", Integer.toString(SENDERS));
        environment.put("ESCALATION_RETRY_DELAY", "PT0.5S");
        return environment;
    }

    /** Large requests (waiting in the local approval inbox), created round-robin on the given replicas. */
    private static List<String> createRequests(List<RequestApi> replicas, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(replicas.get(i % replicas.size()).create("{\"namespace\":\"" + prefix + "-" + i + "\",\"size\":\"large\","
                    + "\"requester\":\"jdoe\",\"manager\":\"boss@example.com\",\"recipients\":[]}"));
        }
        assertThat(ids).doesNotContain("");
        return ids;
    }

    /**
     * Every escalation arrives and is recorded once. A mail the SMTP server accepted in the instant
     * before the kill, whose commit the kill prevented, is sent again with the same Message-ID; how
     * many depends on what was in flight, so the resends are reported, not bounded.
     */
    private static void assertEachMailedOnceAfterAKill(EscalationMailbox mailbox, RequestApi api, List<String> ids, int beforeKill)
            throws Exception {
        eventually(30).until(() -> mailbox.copies().size() == ids.size());
        Thread.sleep(1500);
        assertThat(mailbox.copies().keySet()).isEqualTo(expectedMessageIds(ids));
        System.out.printf("%d escalations, %d mailed before the kill, %d resent with the same Message-ID%n", ids.size(), beforeKill,
                mailbox.messageIds().size() - ids.size());
        assertEscalatedOnce(api, ids);
    }

    private static Set<String> expectedMessageIds(List<String> ids) {
        return ids.stream().map(id -> "<escalation." + id + ".1@localhost>").collect(Collectors.toSet());
    }

    private static void assertEscalatedOnce(RequestApi api, List<String> ids) throws Exception {
        for (String id : ids) {
            assertThat(timelineEvents(api.get(id))).as("timeline of %s", id).containsOnlyOnce("escalated");
        }
    }

    private static List<String> timelineEvents(JsonNode request) {
        List<String> events = new ArrayList<>();
        request.path("timeline").forEach(entry -> events.add(entry.path("event").asText()));
        return events;
    }
}
