package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import dev.escalationeda.testing.CloudEventSink;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strategy runs on the packaged service: across a crash between two triggers, across two replicas, and bad definitions. */
class StrategyRunIT {

    private static final Path REPORTED = Path.of("integration-tests/src/test/resources/strategies/reported").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RUNS_PER_REPLICA_PAIR = 30;

    @TempDir
    Path workDir;

    @Test
    void aJoinHalfDoneWhenTheServiceIsKilledCompletesAfterTheRestart() throws Exception {
        try (ApplicationProcess app = ApplicationProcess.start(workDir.resolve("app"), Map.of("STRATEGIES_DIR", REPORTED.toString()))) {
            StrategyApi api = new StrategyApi(app);
            String contextId = api.start("reported", "c0ffee");
            await().atMost(WAIT).until(() -> api.stageState(contextId, "SVT"), "running"::equals);
            assertThat(api.report(contextId, "FVT", "Success")).isEqualTo(202);
            await().atMost(WAIT).until(() -> api.stageState(contextId, "FVT"), "success"::equals);

            app.kill();
            app.restart();

            assertThat(api.stageState(contextId, "Deploy_Approval")).isEqualTo("waiting");
            assertThat(api.report(contextId, "SVT", "Success")).isEqualTo(202);
            await().atMost(WAIT).until(() -> api.run(contextId).path("status").asText(), "success"::equals);
            assertThat(api.stageState(contextId, "Deploy")).isEqualTo("success");
        }
    }

    @Test
    void twoReplicasOnPostgresqlJoinEachRunOnceWhenItsTestsReportToDifferentReplicas() throws Exception {
        ExecutorService reporters = Executors.newFixedThreadPool(8);
        try (PostgresqlDatabase database = new PostgresqlDatabase(); CloudEventSink sink = new CloudEventSink()) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("STRATEGIES_DIR", REPORTED.toString());
            environment.put("K_SINK", sink.url());
            try (ApplicationProcess first = ApplicationProcess.start(workDir.resolve("replica-1"), environment);
                    ApplicationProcess second = ApplicationProcess.start(workDir.resolve("replica-2"), environment)) {
                StrategyApi one = new StrategyApi(first);
                StrategyApi two = new StrategyApi(second);
                List<String> runs = new ArrayList<>();
                for (int i = 0; i < RUNS_PER_REPLICA_PAIR; i++) {
                    runs.add((i % 2 == 0 ? one : two).start("reported", "commit-" + i));
                }
                for (String run : runs) {
                    await().atMost(WAIT).until(() -> one.stageState(run, "SVT"), "running"::equals);
                }
                List<CompletableFuture<Integer>> reports = new ArrayList<>();
                for (String run : runs) {
                    // Both tests finish at the same moment, each reported to another replica.
                    reports.add(CompletableFuture.supplyAsync(() -> report(one, run, "FVT"), reporters));
                    reports.add(CompletableFuture.supplyAsync(() -> report(two, run, "SVT"), reporters));
                    reports.add(CompletableFuture.supplyAsync(() -> report(one, run, "SVT"), reporters));
                }
                reports.forEach(report -> assertThat(report.join()).isEqualTo(202));
                for (String run : runs) {
                    await().atMost(WAIT).until(() -> one.run(run).path("status").asText(), "success"::equals);
                }

                Map<String, Long> approvals = sink.events().stream().filter(event -> "Deploy_Approval".equals(event.getSubject()))
                        .collect(Collectors.groupingBy(StrategyRunIT::contextId, Collectors.counting()));
                assertThat(approvals).hasSize(runs.size()).containsOnlyKeys(runs).allSatisfy((run, count) -> assertThat(count).isOne());
                Map<String, Long> deploys = sink.events().stream().filter(event -> "Deploy".equals(event.getSubject()))
                        .collect(Collectors.groupingBy(StrategyRunIT::contextId, Collectors.counting()));
                assertThat(deploys.values()).hasSize(runs.size()).containsOnly(1L);
            }
        } finally {
            reporters.shutdownNow();
        }
    }

    @Test
    void aDefinitionWithAnErrorStopsStartupNamingFileLineAndProblem() throws Exception {
        Path definitions = Files.createDirectories(workDir.resolve("strategies"));
        String broken = Files.readString(REPORTED.resolve("main.yaml")).replace("kind: external", "kind: jenkins");
        Files.writeString(definitions.resolve("broken.yaml"), broken);
        Path appDir = workDir.resolve("app");
        assertThatThrownBy(() -> ApplicationProcess.start(appDir, Map.of("STRATEGIES_DIR", definitions.toString())).close())
                .hasMessageContaining("exited");
        String log = Files.readString(appDir.resolve("application.log"));
        int line = lineOf(broken, "kind: jenkins");
        assertThat(log).contains("broken.yaml:" + line + ": unknown action kind 'jenkins'");
    }

    private static int report(StrategyApi api, String run, String stage) {
        try {
            return api.report(run, stage, "Success");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contextId(CloudEvent event) {
        return String.valueOf(event.getExtension("contextid"));
    }

    private static int lineOf(String text, String fragment) {
        return (int) text.substring(0, text.indexOf(fragment)).chars().filter(c -> c == '\n').count() + 1;
    }
}
