package dev.escalationeda.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.it.ApplicationProcess;
import dev.escalationeda.it.PostgresqlDatabase;

/**
 * The sample strategy with {@code event} actions (Build, FVT and SVT in parallel, the AND-join
 * Deploy_Approval, Deploy), state in PostgreSQL, against the packaged service: {@link #RUNS} runs
 * started at once through the API, after as many to warm up. A run is complete when the event of its
 * last stage has reached the sink (CountingSink as K_SINK) and its status is success. Prints runs/s,
 * event throughput, stage latency percentiles (a
 * stage's last trigger seen to the stage finished) and the AND-joins fired twice or never (goals: all
 * runs complete within 10 s, none twice, none never). Exits 1 when a goal is missed. Run with
 * {@code ./mvnw -Pbenchmark verify -Dbenchmark=StrategyBenchmark} (BENCHMARK_STRATEGY_RUNS changes the number of runs).
 */
public final class StrategyBenchmark {

    private static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("BENCHMARK_STRATEGY_RUNS", "1000"));
    /** Enough runs for the JIT compiler to have done its work before the measured runs start. */
    private static final int WARMUP_RUNS = 1000;
    private static final Duration GOAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String STRATEGY = "sample-events";
    private static final List<String> STAGES = List.of("Build", "FVT", "SVT", "Deploy_Approval", "Deploy");
    /** The start event and one event per stage. */
    private static final int EVENTS_PER_RUN = STAGES.size() + 1;
    private static final int IN_FLIGHT = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    private StrategyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.out.printf("%n=== Strategy benchmark on %d cores: %,d runs of the sample strategy (event actions), PostgreSQL%n",
                Runtime.getRuntime().availableProcessors(), RUNS);
        boolean passed;
        try (PostgresqlDatabase database = new PostgresqlDatabase(); CountingSink sink = new CountingSink()) {
            Map<String, String> environment = new HashMap<>(database.environment());
            environment.put("STRATEGIES_DIR", Path.of("integration-tests/src/test/resources/strategies/events").toAbsolutePath().toString());
            environment.put("K_SINK", sink.url());
            environment.put("QUARKUS_LOG_CATEGORY__DEV_ESCALATIONEDA__LEVEL", "WARN");
            environment.put("QUARKUS_LOG_CATEGORY__ORG_APACHE_CAMEL__LEVEL", "WARN");
            try (ApplicationProcess app = ApplicationProcess.start(Files.createTempDirectory("strategy-benchmark"), environment, "-Xmx1g")) {
                passed = new StrategyBenchmark().measure(app, database, sink);
            }
        }
        System.out.println(passed ? "PASS" : "FAIL (goals: all runs complete within 10 s, no AND-join fired twice or never)");
        System.exit(passed ? 0 : 1);
    }

    private boolean measure(ApplicationProcess app, PostgresqlDatabase database, CountingSink sink) throws Exception {
        List<String> warmup = start(app, WARMUP_RUNS);
        awaitAtSink(sink, warmup, Instant.now().plus(TIMEOUT));
        awaitSuccess(database, warmup, Instant.now().plus(TIMEOUT));
        long sinkBefore = sink.events();

        Instant started = Instant.now();
        List<String> runs = start(app, RUNS);
        Instant accepted = Instant.now();
        // Watched at the sink, not by polling the database, so that watching costs the service's database nothing.
        awaitAtSink(sink, runs, started.plus(TIMEOUT));
        Duration elapsed = Duration.between(started, Instant.now());
        int succeeded = awaitSuccess(database, runs, Instant.now().plus(Duration.ofSeconds(30)));
        List<Long> latencies = stageLatencies(database, runs);
        long firedTwice = 0;
        long neverFired = 0;
        for (String run : runs) {
            for (String stage : STAGES) {
                long events = sink.stageEvents(run, stage);
                firedTwice += events > 1 ? 1 : 0;
                neverFired += events == 0 && stage.equals("Deploy_Approval") ? 1 : 0;
            }
        }
        double seconds = elapsed.toMillis() / 1000.0;
        System.out.printf("runs: %,d started (API accepted all in %.2f s), %,d completed in %.2f s = %.0f runs/s%n", RUNS,
                Duration.between(started, accepted).toMillis() / 1000.0, succeeded, seconds, succeeded / seconds);
        System.out.printf("events: %,d strategy events (start + stage events) in %.2f s = %.0f events/s; %,d reached K_SINK%n",
                (long) succeeded * EVENTS_PER_RUN, seconds, succeeded * EVENTS_PER_RUN / seconds, sink.events() - sinkBefore);
        System.out.printf("stage latency (last trigger seen -> stage finished), %,d stages: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                latencies.size(), Stats.percentile(latencies, 50), Stats.percentile(latencies, 90), Stats.percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
        System.out.printf("AND-joins and stages fired twice: %d; Deploy_Approval never fired: %d%n", firedTwice, neverFired);
        return succeeded == RUNS && elapsed.compareTo(GOAL) < 0 && firedTwice == 0 && neverFired == 0;
    }

    /**
     * Waits until the last stage's event of every run has reached the sink (or the deadline passed):
     * the stage emits it after the run's success is stored.
     */
    private static void awaitAtSink(CountingSink sink, List<String> runs, Instant deadline) throws InterruptedException {
        int waitingFor = 0;
        while (Instant.now().isBefore(deadline)) {
            while (waitingFor < runs.size() && sink.stageEvents(runs.get(waitingFor), "Deploy") > 0) {
                waitingFor++;
            }
            if (waitingFor == runs.size()) {
                return;
            }
            Thread.sleep(10);
        }
    }

    /** Starts {@code count} runs through the API, {@link #IN_FLIGHT} requests at a time, and returns their context ids. */
    private List<String> start(ApplicationProcess app, int count) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<String>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(URI.create(app.url("/api/strategy-runs")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"strategy\":\"" + STRATEGY + "\",\"variables\":{\"commit\":\"c" + i + "\"}}"))
                    .build();
            started.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> inFlight.release())
                    .thenApply(response -> {
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("run not started: " + response.statusCode() + " " + response.body());
                        }
                        try {
                            return JSON.readTree(response.body()).path("contextId").asText();
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
        }
        return started.stream().map(CompletableFuture::join).toList();
    }

    /** Waits until every run has succeeded (or the deadline passed) and returns how many did. */
    private static int awaitSuccess(PostgresqlDatabase database, List<String> runs, Instant deadline) throws Exception {
        int succeeded = 0;
        try (Connection connection = database.connect();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM strategy_run WHERE status = 'success' AND context_id = ANY (?)")) {
            count.setArray(1, connection.createArrayOf("varchar", runs.toArray()));
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    succeeded = rows.getInt(1);
                }
                if (succeeded == runs.size()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        return succeeded;
    }

    /** Per stage of the runs: from the arrival of its last trigger to its end, ascending, in milliseconds. */
    private static List<Long> stageLatencies(PostgresqlDatabase database, List<String> runs) throws SQLException {
        List<Long> latencies = new ArrayList<>();
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement("SELECT s.finished_at, max(t.seen_at) FROM stage_run s "
                        + "JOIN stage_trigger_seen t ON t.context_id = s.context_id AND t.stage = s.stage "
                        + "WHERE s.context_id = ANY (?) AND s.finished_at IS NOT NULL GROUP BY s.context_id, s.stage, s.finished_at")) {
            select.setArray(1, connection.createArrayOf("varchar", runs.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    latencies.add(Duration.between(rows.getObject(2, OffsetDateTime.class), rows.getObject(1, OffsetDateTime.class)).toMillis());
                }
            }
        }
        latencies.sort(Long::compare);
        return latencies;
    }
}
