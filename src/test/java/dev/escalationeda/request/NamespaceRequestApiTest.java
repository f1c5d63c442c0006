package dev.escalationeda.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.testing.OversizedRequest;
import dev.escalationeda.testing.WorkBacklog;
import dev.escalationeda.webhook.JiraIssueEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request API with nothing configured: local approval inbox, manifests folder, .eml outbox. */
@QuarkusTest
class NamespaceRequestApiTest {

    private static final Path MANIFESTS = Path.of("target/test-out/manifests");
    private static final Path MAIL = Path.of("target/test-out/mail");

    @Inject
    CamelContext camelContext;

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Inject
    NamespaceRequests requests;

    @Inject
    NamespaceRequestStore store;

    @Test
    void aSmallRequestIsProvisionedAtOnce() throws IOException {
        String namespace = uniqueNamespace();
        String id = create("{\"namespace\":\"" + namespace + "\",\"size\":\"small\",\"requester\":\"jdoe\","
                + "\"requesterEmail\":\"jdoe@example.com\",\"recipients\":[\"user:default/jdoe\"],\"reason\":\"demo\"}")
                .statusCode(201)
                .header("Location", startsWith("/api/namespace-requests/"))
                .body("status", equalTo("provisioning"))
                .extract().path("id");

        awaitStatus(id, "provisioned").body("result.result.completedWith", equalTo("success"))
                .body("timeline.event", hasItems("requested", "provisioned", "mailed", "notified"));
        String manifest = Files.readString(MANIFESTS.resolve(namespace + ".yaml"));
        assertThat(manifest).contains("kind: \"Namespace\"", "kind: \"ResourceQuota\"", "kind: \"LimitRange\"",
                "kind: \"RoleBinding\"", "escalation-eda.dev/request-id: \"" + id + "\"", "requests.cpu: \"1\"",
                "pods: \"10\"", "name: \"" + namespace + "\"");
        assertThat(mailTo(namespace)).as("an .eml for the requester").isPresent();
    }

    @Test
    void aLargeRequestWaitsForTheLocalInboxThenIsProvisioned() throws IOException {
        String namespace = uniqueNamespace();
        String id = create(large(namespace)).statusCode(201).body("status", equalTo("pending-approval")).extract().path("id");
        assertThat(Files.exists(MANIFESTS.resolve(namespace + ".yaml"))).isFalse();

        given().post("/api/namespace-requests/" + id + "/approve").then().statusCode(200);
        awaitStatus(id, "provisioned");
        assertThat(Files.exists(MANIFESTS.resolve(namespace + ".yaml"))).isTrue();
        given().post("/api/namespace-requests/" + id + "/deny").then().statusCode(409);
    }

    @Test
    void aDeniedRequestCreatesNothing() throws IOException {
        String namespace = uniqueNamespace();
        String id = create(large(namespace)).statusCode(201).extract().path("id");

        given().post("/api/namespace-requests/" + id + "/deny").then().statusCode(200).body("status", equalTo("denied"));
        awaitNotified(id).body("status", equalTo("denied")).body("result.result.completedWith", equalTo("error"));
        assertThat(Files.exists(MANIFESTS.resolve(namespace + ".yaml"))).isFalse();
        given().post("/api/namespace-requests/" + id + "/approve").then().statusCode(409);
        assertThat(mailTo(namespace)).isPresent().get().asString().contains("denied");
    }

    @Test
    void aFoundTicketWhoseDecisionNoLongerAppliesIsNotRecordedEither() throws SQLException {
        String id = create(large(uniqueNamespace())).statusCode(201).extract().path("id");
        given().post("/api/namespace-requests/" + id + "/deny").then().statusCode(200);
        String key = "PLAT-" + (7000 + Math.floorMod(id.hashCode(), 1000));
        JiraIssueEvent resolved = new JiraIssueEvent(null, null, key, List.of("escalation-eda"), "Done", "done", "Done");

        // as a second attempt of the step finds it, when the first recorded both but its commit was not confirmed
        requests.ticketOpened(id, new Ticket(key, "http://jira.example.com/browse/" + key), resolved);

        given().get("/api/namespace-requests/" + id).then().body("status", equalTo("denied")).body("$", not(hasKey("ticket")));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM tracked_ticket WHERE request_id = ?")) {
            select.setString(1, id);
            try (ResultSet count = select.executeQuery()) {
                count.next();
                assertThat(count.getInt(1)).isZero();
            }
        }
    }

    @Test
    void aSecondOpenRequestForTheSameNamespaceIsAConflict() {
        String namespace = uniqueNamespace();
        String first = create(large(namespace)).statusCode(201).extract().path("id");
        create(large(namespace)).statusCode(409).body("errors.namespace", equalTo("already has an open request: " + first));
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("{\"size\":\"small\",\"requester\":\"a\"}", "namespace"),
                Arguments.of("{\"namespace\":\"Upper\",\"size\":\"small\",\"requester\":\"a\"}", "namespace"),
                Arguments.of("{\"namespace\":\"" + "a".repeat(64) + "\",\"size\":\"small\",\"requester\":\"a\"}", "namespace"),
                Arguments.of("{\"namespace\":\"-lead\",\"size\":\"small\",\"requester\":\"a\"}", "namespace"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"huge\",\"requester\":\"a\"}", "size"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"requester\":\"a\"}", "size"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\"}", "requester"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"manager\":\"not-mail\"}", "manager"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"requesterEmail\":\"a@b\"}", "requesterEmail"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"recipients\":[\"jdoe\"]}", "recipients[0]"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"recipients\":\"user:default/a\"}", "recipients"),
                Arguments.of("{\"namespace\":true,\"size\":\"small\",\"requester\":\"a\"}", "namespace"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":42}", "requester"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"recipients\":[1.5]}", "recipients[0]"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"recipients\":[\"user:default/"
                        + "a".repeat(64) + "\"]}", "recipients[0]"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"recipients\":[\"group:"
                        + "a".repeat(64) + "/team\"]}", "recipients[0]"),
                Arguments.of("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"requester_email\":\"a@example.com\"}",
                        "requester_email"),
                Arguments.of("{\"namespace\":", "body"),
                Arguments.of("", "body"),
                Arguments.of("[]", "body"));
    }

    @Test
    void theMostRecipientsOfTheLongestReferencesAreKept() {
        List<String> recipients = IntStream.range(0, 50).mapToObj(index -> "group:" + "n".repeat(63) + "/" + String.format("%02d", index)
                + "t".repeat(61)).toList();
        String id = given().contentType("application/json")
                .body(Map.of("namespace", uniqueNamespace(), "size", "small", "requester", "jdoe", "recipients", recipients))
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
        given().get("/api/namespace-requests/" + id).then().statusCode(200).body("recipients", equalTo(recipients));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingItsField() {
        create("{\"namespace\":true,\"size\":\"small\",\"requester\":\"a\"}").statusCode(400)
                .body("errors.namespace", equalTo("must be a string"));
        // the body is read no further: the bad size after it is not reported with it
        create("{\"namespace\":true,\"size\":\"huge\",\"requester\":\"a\"}").statusCode(400)
                .body("errors", equalTo(Map.of("namespace", "must be a string")));
        create("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"recipients\":\"user:default/a\"}").statusCode(400)
                .body("errors.recipients", equalTo("must be a list"));
        create("[\"ok-ns\"]").statusCode(400).body("errors.body", equalTo("must be one JSON object and nothing else"));
        create("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\"} {}").statusCode(400)
                .body("errors.body", equalTo("must be one JSON object and nothing else"));
        create(" \n").statusCode(400).body("errors.body", startsWith("is empty"));
    }

    @Test
    void aMisspeltFieldIsRefusedNamingTheFieldsThereAre() {
        create("{\"namespace\":\"ok-ns\",\"size\":\"small\",\"requester\":\"a\",\"requester_email\":\"a@example.com\"}").statusCode(400)
                .body("errors.requester_email", equalTo("is not a field of the request; its fields are manager, namespace, reason, "
                        + "recipients, requester, requesterEmail, size"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidRequests")
    void invalidRequestsAreRefusedFieldByFieldAndNothingIsStored(String body, String field) {
        int before = count();
        create(body).statusCode(400).body("errors", hasKey(field));
        assertThat(count()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "kube-public", "openshift", "openshift-config"})
    void namespacesKubernetesAndOpenShiftReserveAreRefusedAndNothingIsWritten(String namespace) throws IOException {
        // the names are fixed: a manifest an earlier run left is not this request's
        Files.deleteIfExists(MANIFESTS.resolve(namespace + ".yaml"));
        int before = count();
        create("{\"namespace\":\"" + namespace + "\",\"size\":\"small\",\"requester\":\"mallory\"}").statusCode(400)
                .body("errors.namespace", startsWith("is reserved by Kubernetes or OpenShift"));
        assertThat(count()).isEqualTo(before);
        assertThat(MANIFESTS.resolve(namespace + ".yaml")).doesNotExist();
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        create("{\"namespace\":\"Bad_NS\",\"size\":\"huge\",\"manager\":\"nope\"}").statusCode(400)
                .body("errors.namespace", startsWith("must be a DNS-1123 label"))
                .body("errors.size", equalTo("must be one of large, medium, small"))
                .body("errors.requester", equalTo("is required"))
                .body("errors.manager", equalTo("must be an e-mail address"));
    }

    @Test
    void requestsCreatedWhileTheWorkersAreBusyAreQueuedWithoutBlockingAndAllProvisioned() throws Exception {
        // Workers send their requests round again after each step: a queue that made them wait for room would stop them for good.
        String requester = "backlog-" + UUID.randomUUID();
        WorkBacklog.makeWhileSuspended(camelContext, "namespace-request-worker", request -> create(
                "{\"namespace\":\"" + uniqueNamespace() + "\",\"size\":\"small\",\"requester\":\"" + requester + "\"}").statusCode(201));

        await().atMost(Duration.ofSeconds(90)).until(() -> WorkBacklog.count(dataSource, "SELECT COUNT(*) FROM namespace_request "
                + "WHERE requester = ? AND status = 'provisioned' AND notified_at IS NOT NULL", requester) == WorkBacklog.SIZE);
    }

    @Test
    void oversizedBodiesAreRefused() {
        assertThat(OversizedRequest.status("/api/namespace-requests", "application/json", Map.of())).isEqualTo(413);
    }

    @Test
    void listingFiltersByStatusNewestFirstAndPages() {
        String first = create(large(uniqueNamespace())).statusCode(201).extract().path("id");
        String second = create(large(uniqueNamespace())).statusCode(201).extract().path("id");

        List<String> pending = given().queryParam("status", "pending-approval").queryParam("size", 100)
                .get("/api/namespace-requests").then().statusCode(200).extract().path("id");
        assertThat(pending).containsSubsequence(second, first);
        given().queryParam("status", "pending-approval").queryParam("size", 1).queryParam("page", 0)
                .get("/api/namespace-requests").then().statusCode(200).body("size()", equalTo(1));
        given().queryParam("status", "nonsense").get("/api/namespace-requests").then().statusCode(400).body("errors", hasKey("status"));
        given().queryParam("size", 0).get("/api/namespace-requests").then().statusCode(400).body("errors", hasKey("size"));
        given().queryParam("page", "x").get("/api/namespace-requests").then().statusCode(400).body("errors", hasKey("page"));
    }

    @Test
    void unknownRequestsAreNotFound() {
        given().get("/api/namespace-requests/" + UUID.randomUUID()).then().statusCode(404);
        given().post("/api/namespace-requests/" + UUID.randomUUID() + "/approve").then().statusCode(404);
        given().post("/api/namespace-requests/" + UUID.randomUUID() + "/deny").then().statusCode(404);
    }

    @Test
    void callerHeadersDoNotControlTheAnswer() {
        given().header("CamelHttpResponseCode", "500").queryParam("CamelHttpResponseCode", "500")
                .contentType("application/json").body(large(uniqueNamespace()))
                .post("/api/namespace-requests").then().statusCode(201);
    }

    @Test
    void aRepeatedIdempotencyKeyAnswersWithTheRequestItCreatedEvenOnceItIsFinished() throws SQLException {
        String namespace = uniqueNamespace();
        String key = "request-" + namespace;
        String body = "{\"namespace\":\"" + namespace + "\",\"size\":\"small\",\"requester\":\"jdoe\"}";
        String id = keyed(key, body).statusCode(201).header("Content-Location", nullValue()).extract().path("id");
        keyed(key, body).statusCode(200).header("Location", equalTo("/api/namespace-requests/" + id))
                .header("Content-Location", equalTo("/api/namespace-requests/" + id)).body("id", equalTo(id));

        awaitStatus(id, "provisioned");
        keyed(key, body).statusCode(200).body("id", equalTo(id)).body("status", equalTo("provisioned"));
        keyed(key, large(uniqueNamespace())).statusCode(422).body("errors.Idempotency-Key", startsWith("was used for request " + id));
        keyed("x".repeat(201), body).statusCode(400).body("errors", hasKey("Idempotency-Key"));
        assertThat(WorkBacklog.count(dataSource, "SELECT COUNT(*) FROM namespace_request WHERE namespace = ?", namespace)).isOne();
    }

    @Test
    void aKeyThatCreatedARequestCreatesNoOtherEvenPastTheApisCheck() throws SQLException {
        String key = "request-" + UUID.randomUUID();
        String firstNamespace = uniqueNamespace();
        String first = keyed(key, large(firstNamespace)).statusCode(201).extract().path("id");
        String namespace = uniqueNamespace();
        NamespaceRequestInput input = new NamespaceRequestInput(namespace, "small", "jdoe", null, List.of(), null, null);

        // a second call with the key that looked for the key's request a moment before the first stored it
        assertThat(store.create(UUID.randomUUID().toString(), input, RequestStatus.PROVISIONING, false,
                new OutboundEvent(UUID.randomUUID().toString(), "dev.escalationeda.request.requested", "/escalation-eda", namespace,
                        Map.of(), Map.of()), key)).isEmpty();

        assertThat(WorkBacklog.count(dataSource, "SELECT COUNT(*) FROM namespace_request WHERE namespace = ?", namespace)).isZero();
        keyed(key, large(firstNamespace)).statusCode(200).body("id", equalTo(first));
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().get("/api/openapi").then().statusCode(200)
                .body("paths.'/api/namespace-requests'.post.parameters.name", hasItems("Idempotency-Key"))
                .body("paths", hasKey("/api/namespace-requests"))
                .body("paths", hasKey("/api/namespace-requests/{id}"))
                .body("paths", hasKey("/api/namespace-requests/{id}/approve"));
    }

    private static String large(String namespace) {
        return "{\"namespace\":\"" + namespace + "\",\"size\":\"large\",\"requester\":\"jdoe\",\"requesterEmail\":\"jdoe@example.com\"}";
    }

    private static String uniqueNamespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse keyed(String key, String body) {
        return given().contentType("application/json").header("Idempotency-Key", key).body(body).post("/api/namespace-requests").then();
    }

    private static ValidatableResponse create(String body) {
        return given().contentType("application/json").body(body).post("/api/namespace-requests").then();
    }

    private static int count() {
        int total = 0;
        for (int page = 0; ; page++) {
            int onPage = given().queryParam("size", 100).queryParam("page", page).get("/api/namespace-requests")
                    .then().statusCode(200).extract().path("size()");
            total += onPage;
            if (onPage < 100) {
                return total;
            }
        }
    }

    private static ValidatableResponse awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                status.equals(given().get("/api/namespace-requests/" + id).then().extract().path("status")));
        return awaitNotified(id);
    }

    private static ValidatableResponse awaitNotified(String id) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                given().get("/api/namespace-requests/" + id).then().extract().path("notifiedAt") != null);
        return given().get("/api/namespace-requests/" + id).then().statusCode(200);
    }

    private static Optional<String> mailTo(String namespace) throws IOException {
        if (!Files.isDirectory(MAIL)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(MAIL)) {
            for (Path file : files.toList()) {
                String mail = Files.readString(file);
                if (mail.contains(namespace)) {
                    return Optional.of(mail);
                }
            }
        }
        return Optional.empty();
    }
}
