package dev.escalationeda.escalation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.icegreen.greenmail.util.GreenMail;
import dev.escalationeda.request.NamespaceRequestStore;
import dev.escalationeda.request.Ticket;
import dev.escalationeda.testing.ApprovalTickets;
import dev.escalationeda.testing.CloudEventSink;
import dev.escalationeda.testing.CloudEventSinkResource;
import dev.escalationeda.testing.GreenMailResource;
import dev.escalationeda.testing.JiraAndBackstageResource;
import dev.escalationeda.testing.JiraWebhooks;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

/**
 * Approval tickets left open in Jira (WireMock) are escalated through a two-level chain: mail through
 * SMTP (GreenMail), a Jira comment, a Backstage notification and a CloudEvent (a real receiver).
 */
@QuarkusTest
@TestProfile(ShortChainProfile.class)
@QuarkusTestResource(value = JiraAndBackstageResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CloudEventSinkResource.class, restrictToAnnotatedClass = true)
class EscalationTest {

    /** A little more than the profile's first retry delay. */
    private static final Duration RETRY_DELAY = Duration.ofMillis(400);

    private static final Duration PAST_LEVEL_2 = Duration.ofSeconds(ShortChainProfile.LEVEL_2_SECONDS + 2);

    @CloudEventSinkResource.Sink
    CloudEventSink sink;

    WireMockServer jira;

    @GreenMailResource.Mail
    GreenMail mail;

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Inject
    NamespaceRequestStore requests;

    @Inject
    Escalations escalations;

    @Inject
    CamelContext camel;

    @Test
    void aTicketLeftOpenIsEscalatedOncePerLevelOfTheChain() throws Exception {
        String namespace = namespace();
        String id = request(namespace, "boss@example.com");
        String key = ApprovalTickets.awaitKey(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> mailsFor(namespace).size() == 2);
        MimeMessage first = mailsFor(namespace).get(0);
        MimeMessage second = mailsFor(namespace).get(1);
        assertThat(first.getAllRecipients()[0].toString()).isEqualTo("boss@example.com");
        assertThat(first.getSubject()).contains("level 1", namespace);
        assertThat(first.getMessageID()).isEqualTo("<escalation." + id + ".1@localhost>");
        MimeMultipart parts = (MimeMultipart) first.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(0).getContent()).contains(namespace, "jdoe", "has waited 2 s", key);
        assertThat((String) parts.getBodyPart(1).getContent()).contains(namespace, "jdoe", "href=\"http://127.0.0.1");
        assertThat(second.getAllRecipients()[0].toString()).isEqualTo(ShortChainProfile.LEADS);
        assertThat(second.getSubject()).contains("level 2");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment"))
                    .withRequestBody(matchingJsonPath("$.body", containing("escalated"))));
            jira.verify(2, postRequestedFor(urlEqualTo("/api/notifications"))
                    .withRequestBody(matchingJsonPath("$.payload.title", containing("Escalation")))
                    .withRequestBody(matchingJsonPath("$.payload.link", containing(key))));
            assertThat(escalatedEvents(id)).extracting(CloudEvent::getId).containsExactlyInAnyOrder(id + ".escalated.1", id + ".escalated.2");
        });
        assertThat(states(id)).containsExactly("done", "done");
        assertThat(timeline(id)).filteredOn(event -> event.equals("escalated")).hasSize(2);

        Thread.sleep(1000);
        assertThat(mailsFor(namespace)).hasSize(2);
        assertThat(escalatedEvents(id)).hasSize(2);
    }

    @Test
    void escalationsAreSentByTheSendersNotFromTheDelayersPool() throws Exception {
        List<String> sendingThreads = new CopyOnWriteArrayList<>();
        EventNotifier mailSent = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("direct://deliver-mail")) {
                    sendingThreads.add(Thread.currentThread().getName());
                }
            }
        };
        camel.getManagementStrategy().addEventNotifier(mailSent);
        try {
            String namespace = namespace();
            request(namespace, "boss@example.com");
            await().atMost(Duration.ofSeconds(15)).until(() -> mailsFor(namespace).size() == 2);
        } finally {
            camel.getManagementStrategy().removeEventNotifier(mailSent);
        }
        // the splitter hands each group to the senders' pool (ESCALATION_SENDERS threads), which Camel names
        // after it; an asynchronous Delayer would send from its own pool, named after the Delayer
        assertThat(sendingThreads).isNotEmpty().allMatch(name -> name.endsWith(" - Split"));
    }

    @Test
    void aDecisionCancelsTheLevelsStillDue() throws Exception {
        String namespace = namespace();
        String id = request(namespace, "boss@example.com");
        String key = ApprovalTickets.awaitKey(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsFor(namespace).size() == 1);

        JiraWebhooks.resolve(key, "Done").statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> states(id).get(1).equals("cancelled"));
        Thread.sleep(PAST_LEVEL_2.toMillis() - ShortChainProfile.LEVEL_1_SECONDS * 1000);
        assertThat(mailsFor(namespace)).hasSize(1);
        assertThat(states(id)).containsExactly("done", "cancelled");
    }

    @Test
    void aDecisionRacingTheDueTimeNeverFollowsAnEscalation() throws Exception {
        int count = 16;
        List<String> namespaces = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            namespaces.add(namespace());
            ids.add(request(namespaces.get(i), "boss@example.com"));
        }
        for (String id : ids) {
            keys.add(ApprovalTickets.awaitKey(id));
        }
        // each decision arrives within a few milliseconds either side of its level 1 due time
        ExecutorService deciders = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> decisions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Instant due = dueTimes(ids.get(i)).get(0);
                long skewMillis = (i % 5) * 5 - 10;
                String key = keys.get(i);
                decisions.add(CompletableFuture.runAsync(() -> {
                    sleepUntil(due.plusMillis(skewMillis));
                    JiraWebhooks.resolve(key, "Done").statusCode(200);
                }, deciders));
            }
            CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)).join();
        } finally {
            deciders.shutdown();
        }
        Thread.sleep(PAST_LEVEL_2.toMillis() - ShortChainProfile.LEVEL_1_SECONDS * 1000);

        for (int i = 0; i < count; i++) {
            String id = ids.get(i);
            List<String> timeline = timeline(id);
            int decided = timeline.indexOf("approved");
            assertThat(decided).as("decision of %s recorded", id).isPositive();
            assertThat(timeline.subList(decided, timeline.size())).as("timeline of %s after the decision", id).doesNotContain("escalated");
            assertThat(mailsFor(namespaces.get(i))).as("one mail per escalated level of %s", id)
                    .hasSize((int) timeline.stream().filter("escalated"::equals).count());
            assertThat(states(id)).as("nothing left pending for %s", id).allMatch(state -> state.equals("done") || state.equals("cancelled"));
        }
    }

    @Test
    void aDecisionWaitsForASenderHoldingTheEscalationLongerThanTheDatabasesDefaultLockTimeout() throws Exception {
        String id = request(namespace(), "boss@example.com");
        String key = ApprovalTickets.awaitKey(id);
        try (Connection sender = dataSource.getConnection()) {
            // what a sender holds while it mails a slow group (H2 gives up waiting for a lock after 2 s by default)
            sender.setAutoCommit(false);
            try (PreparedStatement lock = sender.prepareStatement("SELECT id FROM escalation WHERE request_id = ? FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            CompletableFuture<Integer> decision = CompletableFuture.supplyAsync(
                    () -> JiraWebhooks.resolve(key, "Done").extract().statusCode());
            Thread.sleep(3000);
            assertThat(decision).isNotDone();
            sender.commit();
            assertThat(decision.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> states(id).equals(List.of("cancelled", "cancelled")));
        assertThat(timeline(id)).contains("approved").doesNotContain("escalated");
    }

    @Test
    void duplicateSchedulingAndCompetingSendersWithOverlappingGroupsStillMailOnce() throws Exception {
        List<String> namespaces = List.of(namespace(), namespace());
        List<String> ids = new ArrayList<>();
        for (String namespace : namespaces) {
            String id = request(namespace, "boss@example.com");
            String key = ApprovalTickets.awaitKey(id);
            requests.recordTicket(id, new Ticket(key, "http://jira.example.com/browse/" + key), Optional.empty());
            assertThat(states(id)).containsExactly("pending", "pending");
            ids.add(id);
        }
        long first = escalationIds(ids.get(0)).get(0);
        long second = escalationIds(ids.get(1)).get(0);
        Instant due = dueTimes(ids.get(1)).get(0);
        List<DueGroup> groups = List.of(new DueGroup(List.of(first), due), new DueGroup(List.of(second), due),
                new DueGroup(List.of(first, second), due));
        int senders = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<CompletableFuture<Void>> fired = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                DueGroup group = groups.get(i % groups.size());
                fired.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                        escalations.fire(group);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            sleepUntil(due);
            start.countDown();
            CompletableFuture.allOf(fired.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(5)).until(() -> states(id).get(0).equals("done"));
        }
        Thread.sleep(500);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(mailsFor(namespaces.get(i))).as("mails for %s", namespaces.get(i)).hasSize(1);
            assertThat(escalatedEvents(ids.get(i))).as("escalated events of %s", ids.get(i)).hasSize(1);
            assertThat(timeline(ids.get(i))).containsOnlyOnce("escalated");
        }
    }

    @Test
    void aFailedCallLeavesTheRestOfItsGroupDueForTheNextPoll() throws Exception {
        camel.getRouteController().stopRoute("escalations-due");
        try {
            List<String> namespaces = List.of(namespace(), namespace());
            List<String> ids = new ArrayList<>();
            for (String namespace : namespaces) {
                String id = request(namespace, "boss@example.com");
                ApprovalTickets.awaitKey(id);
                ids.add(id);
            }
            DueGroup group = new DueGroup(List.of(escalationIds(ids.get(0)).get(0), escalationIds(ids.get(1)).get(0)),
                    dueTimes(ids.get(1)).get(0));
            sleepUntil(group.at());

            mail.stop();
            try {
                escalations.fire(group);
            } finally {
                mail.start();
            }
            assertThat(levelOne(ids, "state", String.class)).containsExactly("pending", "pending");
            assertThat(levelOne(ids, "attempts", Integer.class)).as("only the first mail was tried").containsExactly(1, 0);

            StubMapping jiraDown = jira.stubFor(post(urlMatching("/rest/api/2/issue/.*/comment")).atPriority(1)
                    .willReturn(aResponse().withStatus(503)));
            try {
                sleepUntil(Instant.now().plus(RETRY_DELAY));
                escalations.fire(group);
            } finally {
                jira.removeStub(jiraDown);
            }
            assertThat(levelOne(ids, "state", String.class)).containsExactly("mailed", "mailed");
            assertThat(levelOne(ids, "attempts", Integer.class)).as("only the first announcement was tried").containsExactly(1, 0);

            sleepUntil(Instant.now().plus(RETRY_DELAY));
            escalations.fire(group);
            assertThat(levelOne(ids, "state", String.class)).containsExactly("done", "done");
            for (int i = 0; i < ids.size(); i++) {
                assertThat(mailsFor(namespaces.get(i))).as("mails for %s", namespaces.get(i)).hasSize(1);
                String id = ids.get(i);
                // the event leaves through the outbox, after the announcement
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(escalatedEvents(id)).hasSize(1));
            }
        } finally {
            camel.getRouteController().startRoute("escalations-due");
        }
    }

    @Test
    void aBackstageOutageRetriesTheNotificationWithoutCommentingTwice() throws Exception {
        String namespace = namespace();
        StubMapping outage = jira.stubFor(post(urlEqualTo("/api/notifications")).withRequestBody(containing(namespace))
                .withRequestBody(containing("level 1")).atPriority(1)
                .inScenario("backstage-outage-" + namespace).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        try {
            String id = request(namespace, "boss@example.com");
            String key = ApprovalTickets.awaitKey(id);

            awaitBothLevelsDoneCommentingOnce(id, key);
            assertThat(timeline(id)).contains("escalation-retrying").doesNotContain("escalation-announcement-failed");
            jira.verify(3, postRequestedFor(urlEqualTo("/api/notifications")).withRequestBody(containing(namespace))
                    .withRequestBody(containing("Escalation")));
        } finally {
            jira.removeStub(outage);
        }
    }

    @Test
    void aNotificationBackstageRefusesIsNotedAndTheEscalationStillFinishes() throws Exception {
        String namespace = namespace();
        StubMapping refusal = jira.stubFor(post(urlEqualTo("/api/notifications")).withRequestBody(containing(namespace)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"name\":\"AuthenticationError\"}}")));
        try {
            String id = request(namespace, "boss@example.com");
            String key = ApprovalTickets.awaitKey(id);

            awaitBothLevelsDoneCommentingOnce(id, key);
            assertThat(timeline(id)).filteredOn("escalation-announcement-failed"::equals).hasSize(2);
            assertThat(timeline(id)).doesNotContain("escalation-retrying");
            assertThat(given().get("/api/namespace-requests/" + id).then().extract().jsonPath()
                    .getList("timeline.findAll { it.event == 'escalation-announcement-failed' }.message", String.class))
                    .allSatisfy(message -> assertThat(message).contains("notifying Backstage was refused", "AuthenticationError"));
        } finally {
            jira.removeStub(refusal);
        }
    }

    @Test
    void withoutAManagerLevelOneIsSkippedAndLevelTwoStillGoes() throws Exception {
        String namespace = namespace();
        String id = request(namespace, null);
        ApprovalTickets.awaitKey(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> mailsFor(namespace).size() == 1);
        assertThat(mailsFor(namespace).get(0).getAllRecipients()[0].toString()).isEqualTo(ShortChainProfile.LEADS);
        await().atMost(Duration.ofSeconds(5)).until(() -> states(id).equals(List.of("skipped", "done")));
        assertThat(timeline(id)).contains("escalation-skipped");
    }

    @Test
    void smtpDownWhenDueIsRetriedAndEachLevelIsStillMailedOnce() throws Exception {
        String namespace = namespace();
        mail.stop();
        String id;
        try {
            id = request(namespace, "boss@example.com");
            ApprovalTickets.awaitKey(id);
            await().atMost(Duration.ofSeconds(15)).until(() -> timeline(id).contains("escalation-retrying"));
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts(id).get(1) >= 2);
        } finally {
            mail.start();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> states(id).equals(List.of("done", "done")));
        Thread.sleep(1000);
        assertThat(mailsFor(namespace)).extracting(message -> message.getAllRecipients()[0].toString())
                .containsExactly("boss@example.com", ShortChainProfile.LEADS);
    }

    @Test
    void aSinkThatIsDownHoldsNoEscalationBackAndGetsItsEventsWhenItIsBack() throws Exception {
        String namespace = namespace();
        String id;
        sink.mode(CloudEventSink.Mode.UNAVAILABLE);
        try {
            id = request(namespace, "boss@example.com");
            String key = ApprovalTickets.awaitKey(id);
            await().atMost(Duration.ofSeconds(15)).until(() -> states(id).equals(List.of("done", "done")));
            assertThat(mailsFor(namespace)).hasSize(2);
            // the sink is no step of an escalation: nothing retried, no comment repeated
            assertThat(timeline(id)).doesNotContain("escalation-retrying");
            jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment"))
                    .withRequestBody(matchingJsonPath("$.body", containing("escalated"))));
            assertThat(escalatedEvents(id)).isEmpty();
        } finally {
            sink.mode(CloudEventSink.Mode.ACCEPT);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> escalatedEvents(id).size() == 2);
        assertThat(escalatedEvents(id)).extracting(CloudEvent::getId).containsExactly(id + ".escalated.1", id + ".escalated.2");
    }

    /** Both levels done (nothing repeated a second later): one Jira comment each, and their events. */
    private void awaitBothLevelsDoneCommentingOnce(String id, String key) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> states(id).equals(List.of("done", "done")));
        Thread.sleep(1000);
        jira.verify(2, postRequestedFor(urlEqualTo("/rest/api/2/issue/" + key + "/comment"))
                .withRequestBody(matchingJsonPath("$.body", containing("escalated"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> escalatedEvents(id).size() == 2);
    }

    private static String namespace() {
        return "esc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String request(String namespace, String manager) {
        return given().contentType("application/json")
                .body("{\"namespace\":\"" + namespace + "\",\"size\":\"large\",\"requester\":\"jdoe\",\"reason\":\"load tests\","
                        + (manager == null ? "" : "\"manager\":\"" + manager + "\",")
                        + "\"requesterEmail\":\"jdoe@example.com\",\"recipients\":[\"user:default/jdoe\"]}")
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
    }

    private static List<String> timeline(String id) {
        return given().get("/api/namespace-requests/" + id).then().extract().path("timeline.event");
    }

    private List<CloudEvent> escalatedEvents(String id) {
        return sink.events().stream().filter(event -> Escalations.ESCALATED.equals(event.getType())
                && id.equals(event.getExtension("requestid"))).toList();
    }

    /** Escalation mails about the namespace, level 1 first. */
    private List<MimeMessage> mailsFor(String namespace) {
        return Arrays.stream(mail.getReceivedMessages())
                .filter(message -> GreenMailResource.subject(message).startsWith("Escalation") && GreenMailResource.subject(message).contains(namespace))
                .sorted((a, b) -> GreenMailResource.subject(a).compareTo(GreenMailResource.subject(b))).toList();
    }

    private List<String> states(String id) throws SQLException {
        return column(id, "state", String.class);
    }

    private List<Integer> attempts(String id) throws SQLException {
        return column(id, "attempts", Integer.class);
    }

    /** A column of each request's level 1 escalation. */
    private <T> List<T> levelOne(List<String> ids, String column, Class<T> type) throws SQLException {
        List<T> values = new ArrayList<>();
        for (String id : ids) {
            values.add(column(id, column, type).get(0));
        }
        return values;
    }

    private List<Long> escalationIds(String id) throws SQLException {
        return column(id, "id", Long.class);
    }

    private List<Instant> dueTimes(String id) throws SQLException {
        return column(id, "due_at", OffsetDateTime.class).stream().map(OffsetDateTime::toInstant).toList();
    }

    private <T> List<T> column(String id, String column, Class<T> type) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + column
                        + " FROM escalation WHERE request_id = ? ORDER BY level")) {
            select.setString(1, id);
            List<T> values = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getObject(1, type));
                }
            }
            return values;
        }
    }

    private static void sleepUntil(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
