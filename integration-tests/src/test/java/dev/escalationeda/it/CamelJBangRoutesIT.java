package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.testing.OversizedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route file in routes/ run by Camel JBang ({@code camel run}, in its own JVM on its own Camel
 * version) with our Kamelets from kamelets/ and the service's beans from the jar: all routes start, and
 * they serve a namespace request, a Jira webhook and a CloudEvent as the Quarkus service does.
 */
class CamelJBangRoutesIT {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern ROUTES_STARTED = Pattern.compile("Routes startup \\(total:(\\d+) started:(\\d+) kamelets:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void everyRouteFileStartsUnderCamelRunAndServes() throws Exception {
        List<Path> routeFiles = routeFiles();
        assertThat(routeFiles).hasSizeGreaterThanOrEqualTo(5);
        int port = ApplicationProcess.freePort();
        Path log = workDir.resolve("camel-run.log");

        Process camelRun = start(routeFiles, port, log, Map.of());
        try {
            Matcher started = awaitStarted(camelRun, log);
            assertThat(started.group(2)).as("routes started of %s", started.group(1)).isEqualTo(started.group(1));
            assertThat(Integer.parseInt(started.group(1))).isGreaterThan(30);
            assertThat(started.group(3)).as("routes from Kamelets").isEqualTo("1");

            String namespace = "jbang-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> created = post(port, "/api/namespace-requests",
                    "{\"namespace\":\"" + namespace + "\",\"size\":\"small\",\"requester\":\"jdoe\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).path("id").asText();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(port, "/api/namespace-requests/" + id).path("status").asText()).isEqualTo("provisioned"));
            assertThat(Files.readString(workDir.resolve("manifests").resolve(namespace + ".yaml")))
                    .contains("kind: \"ResourceQuota\"", "kind: \"LimitRange\"", "namespace: \"" + namespace + "\"");

            assertThat(post(port, "/api/namespace-requests", "{\"namespace\":\"Not_A_Label\"}").statusCode()).isEqualTo(400);
            assertThat(post(port, "/webhook/jira", "{\"webhookEvent\":\"jira:issue_updated\"}").statusCode()).isEqualTo(204);
            assertThat(post(port, "/events", "{not json").statusCode()).isEqualTo(400);
            assertThat(OversizedRequest.status(port, "/webhook/jira", "application/json", Map.of())).isEqualTo(413);
        } finally {
            camelRun.toHandle().destroy();
            assertThat(camelRun.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("Apache Camel (JBang)").doesNotContain("Error downloading");
    }

    @Test
    void underCamelRunOnPostgresqlTheDatabaseGetsPostgresqlsOwnMigrations() throws Exception {
        try (PostgresqlDatabase database = new PostgresqlDatabase()) {
            int port = ApplicationProcess.freePort();
            Path log = workDir.resolve("camel-run-postgresql.log");
            Process camelRun = start(routeFiles(), port, log, database.environment());
            try {
                awaitStarted(camelRun, log);
                try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                        ResultSet indexes = statement.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'stage_run'")) {
                    List<String> names = new ArrayList<>();
                    while (indexes.next()) {
                        names.add(indexes.getString(1));
                    }
                    assertThat(names).contains("stage_run_by_lease", "stage_run_by_emission").doesNotContain("stage_run_by_state");
                }
                assertThat(post(port, "/api/namespace-requests", "{\"namespace\":\"jbang-pg\",\"size\":\"small\",\"requester\":\"jdoe\"}")
                        .statusCode()).isEqualTo(201);
            } finally {
                camelRun.toHandle().destroy();
                assertThat(camelRun.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(file -> file.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    /**
     * {@code camel run} as the README runs it: Camel JBang's own classpath (integration-tests/camel-jbang)
     * plus the service's jar, the route files, {@code --local-kamelet-dir=kamelets} and the properties
     * that install the service's beans. Its state and manifests go to the test's directory; {@code environment}
     * adds to its environment.
     */
    private Process start(List<Path> routeFiles, int port, Path log, Map<String, String> environment) throws IOException {
        String classpath = Files.readString(Path.of(System.getProperty("camel.jbang.classpath"))).trim()
                + File.pathSeparator + System.getProperty("application.library.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "main.CamelJBang", "run"));
        routeFiles.forEach(file -> command.add(file.toAbsolutePath().toString()));
        command.addAll(List.of("--local-kamelet-dir=" + Path.of("kamelets").toAbsolutePath(),
                "--properties=" + Path.of("integration-tests", "camel-jbang", "camel-run.properties").toAbsolutePath(),
                "--port=" + port, "--download=false", "--logging-color=false"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("EDA_DATA_DIR", workDir.resolve("data").toString());
        builder.environment().put("MANIFESTS_DIR", workDir.resolve("manifests").toString());
        builder.environment().put("STRATEGIES_DIR", Path.of("config", "strategies").toAbsolutePath().toString());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Matcher awaitStarted(Process camelRun, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher started = ROUTES_STARTED.matcher(output);
            if (started.find() && output.contains(") started in ")) {
                return started;
            }
            assertThat(camelRun.isAlive()).as("camel run exited:%n%s", output).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("camel run did not start within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
