package dev.escalationeda.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.escalationeda.testing.CloudEventSink;
import dev.escalationeda.testing.CloudEventSinkResource;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The events of namespace requests wait in the outbox until the sink (a real CloudEvents receiver) takes them. */
@QuarkusTest
@QuarkusTestResource(value = CloudEventSinkResource.class, restrictToAnnotatedClass = true)
class EventOutboxTest {

    private static final Pattern OUTBOX_GAUGE = Pattern.compile("^eda_events_outbox (\\S+)$", Pattern.MULTILINE);

    @CloudEventSinkResource.Sink
    CloudEventSink sink;

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @AfterEach
    void acceptEverything() {
        sink.reset();
    }

    @Test
    void eventsWaitWhileTheSinkIsDownAndGoOutOnceWhenItIsBack() throws SQLException {
        sink.mode(CloudEventSink.Mode.UNAVAILABLE);
        String namespace = namespace();
        String id = request(namespace);
        await().atMost(Duration.ofSeconds(15)).until(() -> "provisioned".equals(
                given().get("/api/namespace-requests/" + id).then().extract().path("status")));
        // retried, not dropped
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.attempts() >= 4);
        assertThat(sink.events()).isEmpty();
        assertThat(outboxRowsOf(id)).isEqualTo(2);
        // with any an earlier test left (the in-memory database outlives its service)
        assertThat(outboxSize()).isGreaterThanOrEqualTo(2);

        sink.mode(CloudEventSink.Mode.ACCEPT);

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(id).size() == 2);
        assertThat(eventsOf(id)).extracting(CloudEvent::getId).containsExactly(id + ".requested", id + ".provisioned");
        assertThat(eventsOf(id)).allSatisfy(event -> assertThat(event.getSubject()).isEqualTo(namespace));
        await().atMost(Duration.ofSeconds(5)).until(() -> outboxSize() == 0);
        assertThat(eventsOf(id)).hasSize(2);
    }

    @Test
    void anEventTheSinkRefusesIsRetriedWithoutHoldingBackTheOthers() {
        String refusedNamespace = namespace();
        sink.refuse(event -> refusedNamespace.equals(event.getSubject()));
        String refusedId = request(refusedNamespace);
        String otherId = request(namespace());

        await().atMost(Duration.ofSeconds(15)).until(() -> eventsOf(otherId).size() == 2
                && sink.refused().stream().filter(event -> (refusedId + ".requested").equals(event.getId())).count() >= 3);
        assertThat(eventsOf(refusedId)).isEmpty();

        sink.refuse(event -> false);

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(refusedId).size() == 2);
        // each refused event was retried on its own schedule: their order is not kept
        assertThat(eventsOf(refusedId)).extracting(CloudEvent::getId)
                .containsExactlyInAnyOrder(refusedId + ".requested", refusedId + ".provisioned");
        assertThat(eventsOf(otherId)).hasSize(2);
    }

    @ParameterizedTest(name = "extensions {0}, data {1}")
    @CsvSource(delimiter = '|', value = {"{}|{\"namespace\":", "null|{}", "{\"requestid\":null}|{}"})
    void anEventThatCannotBeReadIsSetAsideAndTheOthersGoOut(String extensions, String data) throws SQLException {
        String unreadable = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_outbox "
                        + "(event_id, type, source, extensions, data, created_at, next_attempt_at) "
                        + "VALUES (?, 'dev.escalationeda.request.requested', '/escalation-eda', ?, ?, ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            insert.setString(1, unreadable);
            insert.setString(2, extensions);
            insert.setString(3, data);
            insert.setObject(4, now);
            insert.setObject(5, now);
            insert.executeUpdate();
        }
        String id = request(namespace());

        await().atMost(Duration.ofSeconds(15)).until(() -> eventsOf(id).size() == 2);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT attempts, last_error, next_attempt_at FROM event_outbox WHERE event_id = ?")) {
            select.setString(1, unreadable);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("the unreadable event is kept").isTrue();
                assertThat(row.getInt("attempts")).isEqualTo(1);
                assertThat(row.getString("last_error")).startsWith("unreadable");
                assertThat(row.getObject("next_attempt_at", OffsetDateTime.class)).isAfter(OffsetDateTime.now().plusMinutes(30));
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM event_outbox WHERE event_id = ?")) {
            delete.setString(1, unreadable);
            delete.executeUpdate();
        }
    }

    private List<CloudEvent> eventsOf(String id) {
        return sink.events().stream().filter(event -> id.equals(event.getExtension("requestid"))).toList();
    }

    private int outboxRowsOf(String requestId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM event_outbox WHERE event_id LIKE ?")) {
            select.setString(1, requestId + ".%");
            try (ResultSet count = select.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    private static double outboxSize() {
        Matcher matcher = OUTBOX_GAUGE.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(matcher.find()).as("eda_events_outbox gauge").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static String namespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String request(String namespace) {
        return given().contentType("application/json")
                .body("{\"namespace\":\"" + namespace + "\",\"size\":\"small\",\"requester\":\"jdoe\"}")
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
    }
}
