package dev.escalationeda.strategy;

import static dev.escalationeda.strategy.StrategyEvents.event;
import static dev.escalationeda.strategy.StrategyEvents.postBinary;
import static dev.escalationeda.strategy.StrategyEvents.postStructured;
import static dev.escalationeda.strategy.StrategyEvents.push;
import static dev.escalationeda.strategy.StrategyEvents.startedRuns;
import static dev.escalationeda.strategy.StrategyTables.execute;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.testing.GreenMailResource;
import dev.escalationeda.testing.OversizedRequest;
import dev.escalationeda.testing.WorkBacklog;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * The shipped sample strategy (config/strategies/main.yaml) end to end: Tekton stages against the
 * fabric8 mock server, the approval mail through SMTP (GreenMail) and its signed links, the error
 * stage calling HTTP; triggers in either order, duplicated, with runs interleaved.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(StrategyRunTest.QuickPolling.class)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
class StrategyRunTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** TEKTON_NAMESPACE in these tests: not the default setting, so that the PipelineRuns show the setting applied. */
    private static final String TEKTON_NAMESPACE = "pipelines";
    private static final Pattern APPROVAL_LINK = Pattern.compile("/approvals/[^\\s\"<]+/(approve|reject)\\?signature=[0-9a-f]+");

    public static class QuickPolling implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            // two stages a check: the stages of earlier tests waiting outside must not hide later ones
            return Map.of("eda.strategies.poll-interval-ms", "100", "eda.strategies.sweep-batch", "2",
                    "eda.strategies.tekton-namespace", TEKTON_NAMESPACE);
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @GreenMailResource.Mail
    GreenMail mail;

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Inject
    StrategyEngine engine;

    @Inject
    StrategyCatalog catalog;

    @Inject
    StrategyRunStore runs;

    @Inject
    CamelContext camel;

    @Test
    void aPushToMasterRunsBuildThenFvtAndSvtThenTheApprovalThenDeploy() throws MessagingException {
        String commit = commit();
        String contextId = startedRuns(postStructured(push("master", commit))).get(0);

        GenericKubernetesResource build = awaitPipelineRun("build", contextId);
        assertThat(build.getMetadata().getNamespace()).isEqualTo(TEKTON_NAMESPACE);
        assertThat(server.getClient().genericKubernetesResources(TektonPipelineRuns.PIPELINE_RUN).inAnyNamespace().list().getItems())
                .filteredOn(pipelineRun -> pipelineRun.getMetadata().getName().equals("build-" + contextId))
                .extracting(pipelineRun -> pipelineRun.getMetadata().getNamespace()).containsExactly(TEKTON_NAMESPACE);
        assertThat(build.<String>get("spec", "pipelineRef", "name")).isEqualTo("appsody-build");
        assertThat(params(build)).containsEntry("revision", commit).containsEntry("image", "registry.example.com/hello-world")
                .containsEntry("source", "https://github.com/example/hello-world");
        finishPipelineRun("build", contextId, true);

        awaitPipelineRun("svt", contextId);
        finishPipelineRun("fvt", contextId, true);
        assertThat(approvalMails(commit)).isEmpty();
        awaitStage(contextId, "Deploy_Approval", "waiting");
        finishPipelineRun("svt", contextId, true);

        MimeMessage approval = awaitApprovalMail(commit);
        assertThat(GreenMailUtil.getAddressList(approval.getAllRecipients())).contains("release-approvers@example.com");
        String approve = link(approval, "approve");
        given().get(approve).then().statusCode(200).body(containsString("<form method=\"post\">"));
        awaitStage(contextId, "Deploy_Approval", "running");
        given().post(approve).then().statusCode(200).body(containsString("approved"));
        given().post(approve).then().statusCode(409).body(containsString("already decided"));
        given().post(link(approval, "reject")).then().statusCode(409);

        finishPipelineRun("deploy", contextId, true);
        JsonPath run = awaitRunStatus(contextId, "success");
        assertThat(run.getList("stages.findAll { it.name != 'FVT_Error' }.state")).containsOnly("success");
        assertThat(run.getString("stages.find { it.name == 'FVT_Error' }.state")).isEqualTo("waiting");
        assertThat(run.getList("stages.find { it.name == 'Deploy_Approval' }.triggers.seenEvent")).hasSize(2).doesNotContainNull();
        assertThat(run.getString("variables.app_image_tagged")).isEqualTo("registry.example.com/hello-world:" + commit);
        assertThat(approvalMails(commit)).hasSize(1);
        // marked in batches, so that the watch does not emit the events of finished stages again
        for (String stage : List.of("Build", "FVT", "SVT", "Deploy_Approval", "Deploy")) {
            await().atMost(WAIT).until(() -> Boolean.TRUE.equals(stageColumn(contextId, stage, "emitted")));
        }
    }

    @Test
    void aClusterApiThatFailsForAWhileDelaysTheStageWithAWarningNotAnError() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String contextId = startedRuns(postStructured(push("master", commit()))).get(0);
            String name = "build-" + contextId;
            awaitPipelineRun("build", contextId);
            server.expect().get().withPath("/apis/tekton.dev/v1/namespaces/" + TEKTON_NAMESPACE + "/pipelineruns/" + name)
                    .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcdserver: request timed out\"}").times(3);
            await().atMost(WAIT).until(() -> records.stream().filter(record -> text(record).contains(name)).count() >= 3);

            finishPipelineRun("build", contextId, true);
            awaitStage(contextId, "Build", "success");
            assertThat(records).filteredOn(record -> text(record).contains(name)).isNotEmpty().allSatisfy(record -> {
                assertThat(record.getLevel().intValue()).isEqualTo(Level.WARNING.intValue());
                assertThat(text(record)).contains("PipelineRun of stage Build of run " + contextId + " not read")
                        .contains("etcdserver: request timed out");
            });
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void aPipelineRunTheClusterRefusesFailsTheStageAtOnceSayingWhy() {
        // refused once only: a retry would create the PipelineRun
        server.expect().post().withPath("/apis/tekton.dev/v1/namespaces/" + TEKTON_NAMESPACE + "/pipelineruns")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\",\"message\":\"pipelineruns.tekton.dev is "
                        + "forbidden: User \\\"system:serviceaccount:default:escalation-eda\\\" cannot create resource\"}")
                .once();
        String contextId = startedRuns(postStructured(push("master", commit()))).get(0);

        JsonPath run = awaitRunStatus(contextId, "failed");
        assertThat(run.getString("stages.find { it.name == 'Build' }.state")).isEqualTo("failed");
        assertThat(run.getString("stages.find { it.name == 'Build' }.detail")).contains("cannot create resource");
        assertThat(pipelineRuns().withName("build-" + contextId).get()).isNull();
    }

    @Test
    void theJoinWaitsForBothTestsInEitherOrderIgnoresDuplicatesAndKeepsRunsApart() {
        String commitA = commit();
        String commitB = commit();
        String runA = startedRuns(postBinary(push("master", commitA))).get(0);
        String runB = startedRuns(postBinary(push("master", commitB))).get(0);
        finishPipelineRun("build", runB, true);
        finishPipelineRun("build", runA, true);

        finishPipelineRun("svt", runB, true);
        finishPipelineRun("fvt", runA, true);
        // The same trigger again, emitted again (as the recovery does, or as a second event) and from outside: none completes the join.
        for (String run : List.of(runA, runB)) {
            String stage = run.equals(runA) ? "FVT" : "SVT";
            Map<String, String> succeeded = Map.of("name", stage, "status", "Success");
            for (String id : List.of(run + "." + stage + ".0", run + "." + stage + ".1")) {
                camel.createProducerTemplate().sendBody("direct:emit-strategy-event", new OutboundEvent(id, EventTypes.STRATEGY_EVENT,
                        EventTypes.STRATEGY_SOURCE_PREFIX + "main", stage, Map.of(StrategyEventReader.CONTEXT_ID, run), succeeded));
            }
            postBinary(event(UUID.randomUUID().toString(), run, succeeded)).statusCode(202);
        }
        awaitStage(runA, "FVT", "success");
        awaitStage(runB, "SVT", "success");
        assertThat(stageState(runA, "Deploy_Approval")).isEqualTo("waiting");
        assertThat(stageState(runB, "Deploy_Approval")).isEqualTo("waiting");

        finishPipelineRun("fvt", runB, true);
        MimeMessage approvalB = awaitApprovalMail(commitB);
        assertThat(stageState(runA, "Deploy_Approval")).isEqualTo("waiting");
        finishPipelineRun("svt", runA, true);
        awaitApprovalMail(commitA);
        postBinary(event(UUID.randomUUID().toString(), runA, Map.of("name", "SVT", "status", "Success"))).statusCode(202);

        given().post(link(approvalB, "reject")).then().statusCode(200).body(containsString("rejected"));
        JsonPath rejected = awaitRunStatus(runB, "failed");
        assertThat(rejected.getString("stages.find { it.name == 'Deploy_Approval' }.outcome")).isEqualTo("Failed");
        assertThat(rejected.getString("stages.find { it.name == 'Deploy' }.state")).isEqualTo("waiting");
        assertThat(approvalMails(commitA)).hasSize(1);
        assertThat(approvalMails(commitB)).hasSize(1);
        assertThat(stageState(runA, "Deploy_Approval")).isEqualTo("running");
    }

    @Test
    void aFailedFvtRunsTheErrorStageAndFailsTheRun() {
        String commit = commit();
        String contextId = given().contentType("application/json")
                .body(Map.of("strategy", "main", "variables", Map.of("src_repo", "https://github.com/example/hello-world", "commit", commit,
                        "app_image", "registry.example.com/hello-world", "app_image_tagged", "registry.example.com/hello-world:" + commit,
                        "approver_emails", "release-approvers@example.com",
                        "issue_url", "http://localhost:" + io.restassured.RestAssured.port + "/q/health/live")))
                .post("/api/strategy-runs").then().statusCode(201).header("Location", containsString("/api/strategy-runs/"))
                .body("status", equalTo("in-progress")).extract().path("contextId");
        finishPipelineRun("build", contextId, true);
        finishPipelineRun("svt", contextId, true);
        finishPipelineRun("fvt", contextId, false);

        awaitStage(contextId, "FVT_Error", "success");
        JsonPath run = awaitRunStatus(contextId, "failed");
        assertThat(run.getString("stages.find { it.name == 'FVT' }.outcome")).isEqualTo("Failed");
        assertThat(run.getString("stages.find { it.name == 'FVT_Error' }.detail")).isEqualTo("HTTP 200");
        assertThat(run.getString("stages.find { it.name == 'Deploy_Approval' }.state")).isEqualTo("waiting");
        assertThat(approvalMails(commit)).isEmpty();
    }

    @Test
    void onlyPushesToAllowedBranchesStartRunsAndARedeliveredPushStartsOne() {
        assertThat(startedRuns(postBinary(push("feature-test", commit())))).isEmpty();
        assertThat(startedRuns(postBinary(push("main", commit())))).isEmpty();
        assertThat(startedRuns(postBinary(event(UUID.randomUUID().toString(), null, Map.of("name", "Tag", "branch", "master")))))
                .isEmpty();

        var push = push("master", commit());
        List<String> first = startedRuns(postBinary(push));
        assertThat(first).hasSize(1);
        assertThat(startedRuns(postStructured(push))).isEmpty();
        given().get("/api/strategy-runs?strategy=main&size=200").then().statusCode(200)
                .body("findAll { it.contextId == '" + first.get(0) + "' }.size()", equalTo(1))
                .body("find { it.contextId == '" + first.get(0) + "' }.startedBy", containsString(push.getId()));
    }

    @Test
    void tamperedAndForeignLinksDecideNothing() {
        String commit = commit();
        String contextId = startedRuns(postBinary(push("master", commit))).get(0);
        finishPipelineRun("build", contextId, true);
        finishPipelineRun("fvt", contextId, true);
        finishPipelineRun("svt", contextId, true);
        String approve = link(awaitApprovalMail(commit), "approve");

        String signature = approve.substring(approve.indexOf("signature=") + "signature=".length());
        String flipped = (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1);
        given().post(approve.replace(signature, flipped)).then().statusCode(403).body(containsString("not valid"));
        given().post(approve.replace("/approve?", "/reject?")).then().statusCode(403);
        given().post(approve.replace(contextId, UUID.randomUUID().toString())).then().statusCode(403);
        given().post(approve.substring(0, approve.indexOf('?'))).then().statusCode(403);
        given().post(approve.replace("/approve?", "/maybe?")).then().statusCode(403);
        // the page that shows what a link decides refuses the same links
        given().get(approve.replace(signature, flipped)).then().statusCode(403).body(containsString("not valid"));
        given().get(approve.replace(contextId, UUID.randomUUID().toString())).then().statusCode(403);
        given().get(approve.replace("/approve?", "/maybe?")).then().statusCode(403);
        assertThat(stageState(contextId, "Deploy_Approval")).isEqualTo("running");
        given().post(approve).then().statusCode(200);
        awaitStage(contextId, "Deploy", "running");
        given().get(approve).then().statusCode(409);
    }

    @Test
    void badEventsAreRefusedAndStartNothing() throws SQLException {
        long before = runCount();
        given().contentType("application/json").body("{\"name\":\"Push\",\"branch\":\"master\"}").post("/events")
                .then().statusCode(400).body("errors", hasKey("event"));
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\",\"id\":").post("/events")
                .then().statusCode(400).body("errors.event", containsString("not a CloudEvent"));
        given().header("ce-specversion", "1.0").header("ce-id", "x").header("ce-source", "/t").header("ce-type", "t")
                .contentType("application/json").body("[\"Push\"]").post("/events").then().statusCode(400)
                .body("errors.event", containsString("JSON object"));
        given().header("ce-specversion", "1.0").header("ce-id", "x").header("ce-source", "/t").header("ce-type", "t")
                .contentType("application/json").body("{\"name\":").post("/events").then().statusCode(400)
                .body("errors.event", containsString("not JSON"));
        given().header("ce-specversion", "1.0").header("ce-id", "x".repeat(990)).header("ce-source", "/github/example/hello-world")
                .header("ce-type", "t").contentType("application/json").body(new String(push("master", commit()).getData().toBytes(), StandardCharsets.UTF_8))
                .post("/events").then().statusCode(400).body("errors.event", containsString("at most 999 characters"));
        assertThat(OversizedRequest.status("/events", "application/json",
                Map.of("ce-specversion", "1.0", "ce-id", "x", "ce-source", "/t", "ce-type", "t"))).isEqualTo(413);
        assertThat(OversizedRequest.status("/api/strategy-runs", "application/json", Map.of())).isEqualTo(413);
        given().get("/events").then().statusCode(405);
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void valuesTooLongForTheDatabaseAreRefusedAndStartNothing() throws SQLException {
        long before = runCount();
        String tooLong = "x".repeat(StrategyRunStore.MAX_JSON_LENGTH);
        // bound to the run's variable commit
        postStructured(push("master", tooLong)).statusCode(400).body("errors.variables",
                containsString("the variables the event binds for strategy main take"));
        Map<String, String> variables = Map.of("src_repo", "https://github.com/example/hello-world", "commit", commit(),
                "app_image", "registry.example.com/hello-world", "app_image_tagged", "registry.example.com/hello-world:1",
                "approver_emails", "release-approvers@example.com");
        Map<String, String> longVariables = new HashMap<>(variables);
        longVariables.put("commit", tooLong);
        given().contentType("application/json").body(Map.of("strategy", "main", "variables", longVariables)).post("/api/strategy-runs")
                .then().statusCode(400).body("errors.variables", containsString("at most " + StrategyRunStore.MAX_JSON_LENGTH));
        Map<String, String> longEmit = new HashMap<>(catalog.definition("main").orElseThrow().stage("Build").orElseThrow().triggers().get(0).attributes());
        longEmit.put("note", tooLong);
        given().contentType("application/json").body(Map.of("strategy", "main", "variables", variables, "emit", longEmit))
                .post("/api/strategy-runs").then().statusCode(400).body("errors.emit", containsString("the start event's attributes take"));
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void aRepeatedIdempotencyKeyAnswersWithTheRunItStarted() {
        String commit = commit();
        Map<String, Object> body = Map.of("strategy", "main", "variables", Map.of("src_repo", "https://github.com/example/hello-world",
                "commit", commit, "app_image", "registry.example.com/hello-world", "app_image_tagged",
                "registry.example.com/hello-world:" + commit, "approver_emails", "release-approvers@example.com"));
        String key = "release-" + commit;

        String first = given().contentType("application/json").header("Idempotency-Key", key).body(body)
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
        String again = given().contentType("application/json").header("Idempotency-Key", key).body(body)
                .post("/api/strategy-runs").then().statusCode(200).header("Location", endsWith("/api/strategy-runs/" + first))
                .extract().path("contextId");
        String other = given().contentType("application/json").header("Idempotency-Key", key + "-2").body(body)
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        finishPipelineRun("build", first, true);
        awaitStage(first, "Build", "success");
        assertThat(given().contentType("application/json").header("Idempotency-Key", key).body(body).post("/api/strategy-runs")
                .then().statusCode(200).extract().jsonPath().getString("stages.find { it.name == 'Build' }.state"))
                .as("the run as it stands now").isEqualTo("success");
        given().contentType("application/json").header("Idempotency-Key", key).body("{\"strategy\":\"another\"}").post("/api/strategy-runs")
                .then().statusCode(422).body("errors.Idempotency-Key", containsString("was used for run " + first + " of strategy main"));
        given().contentType("application/json").header("Idempotency-Key", "x".repeat(201)).body(body).post("/api/strategy-runs")
                .then().statusCode(400).body("errors", hasKey("Idempotency-Key"));
    }

    @Test
    void anEventCannotTakeTheRunOfAnIdempotencyKey() {
        String key = "release-" + commit();
        // an event whose source and id read like the key's run
        String byEvent = startedRuns(postBinary(CloudEventBuilder.v1(push("master", commit())).withSource(URI.create("api")).withId(key)
                .build())).get(0);
        Map<String, Object> body = Map.of("strategy", "main", "variables", Map.of("src_repo", "https://github.com/example/hello-world",
                "commit", commit(), "app_image", "registry.example.com/hello-world", "app_image_tagged", "registry.example.com/hello-world:1",
                "approver_emails", "release-approvers@example.com"));

        String byKey = given().contentType("application/json").header("Idempotency-Key", key).body(body)
                .post("/api/strategy-runs").then().statusCode(201).extract().path("contextId");
        assertThat(byKey).isNotEqualTo(byEvent);
    }

    @Test
    void runsStartedByHandAreValidatedAndUnknownRunsAreNotFound() {
        given().contentType("application/json").body("{\"strategy\":\"nope\"}").post("/api/strategy-runs")
                .then().statusCode(400).body("errors.strategy", containsString("no strategy named nope"));
        given().contentType("application/json").body("{\"strategy\":\"main\",\"variables\":{\"colour\":\"red\"}}")
                .post("/api/strategy-runs").then().statusCode(400)
                .body("errors.'variables.colour'", containsString("not a variable"))
                .body("errors.'variables.src_repo'", containsString("required"));
        given().contentType("application/json").body("{\"strategy\":\"main\",\"variables\":{\"src_repo\":null}}")
                .post("/api/strategy-runs").then().statusCode(400).body("errors.'variables.src_repo'", containsString("required"));
        given().contentType("application/json").body("{\"strategy\":").post("/api/strategy-runs")
                .then().statusCode(400).body("errors.body", containsString("malformed JSON"));
        given().get("/api/strategy-runs/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/strategy-runs?status=done").then().statusCode(400).body("errors", hasKey("status"));
    }

    @Test
    void aStageWhoseReplicaDiedIsStartedAgainAndLostEventsAreEmittedAgainWithoutFiringTwice() throws SQLException {
        String contextId = startedRuns(postStructured(push("master", commit()))).get(0);
        awaitPipelineRun("build", contextId);

        // A replica took Build and died before its PipelineRun was created: the stage holds a lease
        // that runs out, and nothing exists in the cluster. (The PipelineRun is deleted only once the
        // pipeline watch has seen the lease, so that the watch does not take the stage for one whose
        // PipelineRun vanished.)
        updateStage(contextId, "Build", "lease_until = ?", OffsetDateTime.now().plusSeconds(3));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> "running".equals(stageColumn(contextId, "Build", "state")));
        pipelineRuns().withName("build-" + contextId).delete();
        await().atMost(WAIT).until(() -> pipelineRuns().withName("build-" + contextId).get() == null);
        awaitPipelineRun("build", contextId);
        await().atMost(WAIT).until(() -> stageColumn(contextId, "Build", "lease_until") == null);
        assertThat(stageState(contextId, "Build")).isEqualTo("running");

        finishPipelineRun("build", contextId, true);
        awaitPipelineRun("fvt", contextId);
        awaitPipelineRun("svt", contextId);
        Object fvtStarted = stageColumn(contextId, "FVT", "started_at");

        // A replica finished Build and died before its events reached the strategies.
        // The sweep runs every 100 ms: its mark must follow within a few sweeps, not once a batch fills up.
        updateStage(contextId, "Build", "emitted = FALSE, finished_at = ?", OffsetDateTime.now().minusMinutes(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> Boolean.TRUE.equals(stageColumn(contextId, "Build", "emitted")));
        assertThat(stageColumn(contextId, "FVT", "started_at")).isEqualTo(fvtStarted);
        assertThat(given().get("/api/strategy-runs/" + contextId).then().statusCode(200).extract().jsonPath()
                .getList("stages.find { it.name == 'FVT' }.triggers.seenEvent")).hasSize(1).doesNotContainNull();
        assertThat(stageState(contextId, "FVT")).isEqualTo("running");
        assertThat(stageState(contextId, "Deploy_Approval")).isEqualTo("waiting");
    }

    @Test
    void aRunStoredWithoutItsStartEventThatLostItStartsItsFirstStageOnceItsLeaseIsOver() throws Exception {
        String contextId = startedRuns(postStructured(push("master", commit()))).get(0);
        awaitPipelineRun("build", contextId);
        List<String> startSeen = given().get("/api/strategy-runs/" + contextId).then().statusCode(200).extract().jsonPath()
                .getList("stages.find { it.name == 'Build' }.triggers.seenEvent");

        // As a crash right after the run was stored leaves it: every stage waiting, no trigger seen, no PipelineRun.
        updateStage(contextId, "Build", "state = 'waiting', started_at = NULL, lease_until = ?", null);
        execute(dataSource, "DELETE FROM stage_trigger_seen WHERE context_id = ?", contextId);
        pipelineRuns().withName("build-" + contextId).delete();
        await().atMost(WAIT).until(() -> pipelineRuns().withName("build-" + contextId).get() == null);
        Thread.sleep(500);
        assertThat(stageState(contextId, "Build")).as("not yet: the run is younger than the lease").isEqualTo("waiting");
        // stored by a version that did not keep the start event with the run (LostStartEventTest: one that did)
        execute(dataSource, "UPDATE strategy_run SET created_at = ?, start_event = NULL WHERE context_id = ?",
                OffsetDateTime.now().minusMinutes(5), contextId);

        awaitPipelineRun("build", contextId);
        awaitStage(contextId, "Build", "running");
        assertThat(given().get("/api/strategy-runs/" + contextId).then().statusCode(200).extract().jsonPath()
                .getList("stages.find { it.name == 'Build' }.triggers.seenEvent")).isEqualTo(startSeen);
        finishPipelineRun("build", contextId, true);
        awaitPipelineRun("fvt", contextId);
    }

    @Test
    void aFinishedStageWhoseStrategyNoLongerDefinesItHoldsNoOtherStageBack() throws Exception {
        // a run of a strategy removed since, its last stage finished but not emitted when the service stopped
        String retired = UUID.randomUUID().toString();
        execute(dataSource, "INSERT INTO strategy_run (context_id, strategy, status, variables, created_at) "
                + "VALUES (?, 'retired', 'in-progress', '{}', ?)", retired, OffsetDateTime.now().minusMinutes(8));
        execute(dataSource, "INSERT INTO stage_run (context_id, stage, state, started_at, finished_at, outcome, emitted) "
                + "VALUES (?, 'Gone', 'success', ?, ?, 'Success', FALSE)", retired, OffsetDateTime.now().minusMinutes(6),
                OffsetDateTime.now().minusMinutes(5));

        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(stageColumn(retired, "Gone", "emitted")));
        String contextId = startedRuns(postStructured(push("master", commit()))).get(0);
        finishPipelineRun("build", contextId, true);
        awaitPipelineRun("fvt", contextId);
        updateStage(contextId, "Build", "emitted = FALSE, finished_at = ?", OffsetDateTime.now().minusMinutes(5));
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(stageColumn(contextId, "Build", "emitted")));
    }

    @Test
    void workQueuedBeforeItsStageWasHandedOutAgainIsDropped() throws Exception {
        String commit = commit();
        String contextId = startedRuns(postStructured(push("master", commit))).get(0);
        finishPipelineRun("build", contextId, true);
        finishPipelineRun("fvt", contextId, true);
        finishPipelineRun("svt", contextId, true);
        awaitApprovalMail(commit);

        // what waited in the queue while the stage's lease ran out and the recovery handed it out again
        StageWork stale = new StageWork(contextId, "main", "Deploy_Approval",
                catalog.definition("main").orElseThrow().stage("Deploy_Approval").orElseThrow().action(),
                runs.context(contextId).orElseThrow().variables(), Instant.now().minusSeconds(90).truncatedTo(ChronoUnit.MICROS));
        camel.createProducerTemplate().sendBody("seda:run-stage", stale);

        Thread.sleep(1500);
        assertThat(approvalMails(commit)).as("no second approval mail").hasSize(1);
        assertThat(stageState(contextId, "Deploy_Approval")).isEqualTo("running");
    }

    @Test
    void joinsOfRunsFinishedAnHourAgoWithNoStageRunningOrEndedSinceAreForgottenAndNoOthers() throws Exception {
        String finished = UUID.randomUUID().toString();
        String inProgress = UUID.randomUUID().toString();
        // failed by FVT two hours ago, SVT still running (its PipelineRun) or ended ten minutes ago: its event may yet complete a join
        String stillRunning = UUID.randomUUID().toString();
        String endedLately = UUID.randomUUID().toString();
        OffsetDateTime twoHoursAgo = OffsetDateTime.now().minusHours(2);
        for (String contextId : List.of(finished, stillRunning, endedLately)) {
            execute(dataSource, "INSERT INTO strategy_run (context_id, strategy, status, variables, created_at, finished_at) "
                    + "VALUES (?, 'main', 'failed', '{}', ?, ?)", contextId, OffsetDateTime.now().minusHours(3), twoHoursAgo);
            execute(dataSource, "INSERT INTO stage_run (context_id, stage, state, started_at, finished_at, outcome, emitted) "
                    + "VALUES (?, 'FVT', 'failed', ?, ?, 'Failed', TRUE)", contextId, OffsetDateTime.now().minusHours(3), twoHoursAgo);
        }
        execute(dataSource, "INSERT INTO stage_run (context_id, stage, state, started_at, finished_at, outcome, emitted) "
                + "VALUES (?, 'SVT', 'success', ?, ?, 'Success', TRUE)", finished, OffsetDateTime.now().minusHours(3), twoHoursAgo);
        // with a lease, so that neither the pipeline watch nor the recovery takes this stage up
        execute(dataSource, "INSERT INTO stage_run (context_id, stage, state, started_at, lease_until) VALUES (?, 'SVT', 'running', ?, ?)",
                stillRunning, OffsetDateTime.now().minusHours(3), OffsetDateTime.now().plusHours(1));
        execute(dataSource, "INSERT INTO stage_run (context_id, stage, state, started_at, finished_at, outcome, emitted) "
                + "VALUES (?, 'SVT', 'success', ?, ?, 'Success', TRUE)", endedLately, OffsetDateTime.now().minusHours(3),
                OffsetDateTime.now().minusMinutes(10));
        execute(dataSource, "INSERT INTO strategy_run (context_id, strategy, status, variables, created_at) "
                + "VALUES (?, 'main', 'in-progress', '{}', ?)", inProgress, OffsetDateTime.now().minusHours(3));
        for (String contextId : List.of(finished, inProgress, stillRunning, endedLately)) {
            execute(dataSource, "INSERT INTO stage_trigger_join (id, exchange, version) VALUES (?, ?, 1)", contextId + "/Deploy_Approval",
                    new byte[] {1});
        }

        assertThat(engine.purgeJoins()).isGreaterThanOrEqualTo(1);

        assertThat(joinKeys()).doesNotContain(finished + "/Deploy_Approval")
                .contains(inProgress + "/Deploy_Approval", stillRunning + "/Deploy_Approval", endedLately + "/Deploy_Approval");
    }

    private List<String> joinKeys() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM stage_trigger_join");
                ResultSet rows = select.executeQuery()) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        }
    }

    private void updateStage(String contextId, String stage, String assignments, Object value) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE stage_run SET " + assignments + " WHERE context_id = ? AND stage = ?")) {
            update.setObject(1, value);
            update.setString(2, contextId);
            update.setString(3, stage);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private Object stageColumn(String contextId, String stage, String column) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + column + " FROM stage_run WHERE context_id = ? AND stage = ?")) {
            select.setString(1, contextId);
            select.setString(2, stage);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getObject(1);
            }
        }
    }

    /** A log record's message, and its exception's (the error handler names the failed call only there). */
    private static String text(LogRecord record) {
        return record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown().getMessage());
    }

    private GenericKubernetesResource awaitPipelineRun(String stage, String contextId) {
        String name = stage + "-" + contextId;
        return await().atMost(WAIT).until(() -> pipelineRuns().withName(name).get(), found -> found != null);
    }

    private void finishPipelineRun(String stage, String contextId, boolean succeeded) {
        awaitPipelineRun(stage, contextId);
        pipelineRuns().withName(stage + "-" + contextId).edit(pipelineRun -> {
            pipelineRun.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Succeeded",
                    "status", succeeded ? "True" : "False", "reason", succeeded ? "Succeeded" : "Failed"))));
            return pipelineRun;
        });
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> pipelineRuns() {
        KubernetesClient client = server.getClient();
        return client.genericKubernetesResources(TektonPipelineRuns.PIPELINE_RUN).inNamespace(TEKTON_NAMESPACE);
    }

    private static Map<String, String> params(GenericKubernetesResource pipelineRun) {
        List<Map<String, String>> params = pipelineRun.get("spec", "params");
        return params.stream().collect(java.util.stream.Collectors.toMap(param -> param.get("name"), param -> param.get("value")));
    }

    private List<MimeMessage> approvalMails(String commit) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> GreenMailResource.subject(message).contains(commit)).toList();
    }

    private MimeMessage awaitApprovalMail(String commit) {
        return await().atMost(WAIT).until(() -> approvalMails(commit), found -> !found.isEmpty()).get(0);
    }

    /** The link's path and query, from the mail's text (quoted-printable soft line breaks undone). */
    private static String link(MimeMessage message, String decision) {
        String text = GreenMailUtil.getWholeMessage(message).replace("=\r\n", "").replace("=3D", "=");
        Matcher matcher = APPROVAL_LINK.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).equals(decision)) {
                return matcher.group();
            }
        }
        throw new AssertionError("no " + decision + " link in " + text);
    }

    private static void awaitStage(String contextId, String stage, String state) {
        await().atMost(WAIT).until(() -> stageState(contextId, stage), state::equals);
    }

    private static String stageState(String contextId, String stage) {
        return given().get("/api/strategy-runs/" + contextId).then().statusCode(200).extract().jsonPath()
                .getString("stages.find { it.name == '" + stage + "' }.state");
    }

    private static JsonPath awaitRunStatus(String contextId, String status) {
        return await().atMost(WAIT).until(() -> given().get("/api/strategy-runs/" + contextId).then().statusCode(200).extract().jsonPath(),
                run -> status.equals(run.getString("status")));
    }

    private long runCount() throws SQLException {
        return WorkBacklog.count(dataSource, "SELECT COUNT(*) FROM strategy_run WHERE strategy = ?", "main");
    }

    private static String commit() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
