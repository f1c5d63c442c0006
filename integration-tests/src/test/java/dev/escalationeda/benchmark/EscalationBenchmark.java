package dev.escalationeda.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import dev.escalationeda.it.ApplicationProcess;
import dev.escalationeda.it.PostgresqlDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Escalations at scale, against the packaged service:
 * <ol>
 * <li>100,000 pending escalations (large requests waiting a day for approval): the service's heap
 * after a full GC, before and after (goal: grows by less than 64 MB);</li>
 * <li>10,000 escalations coming due within 10 seconds, mailed to GreenMail: throughput, lateness
 * (arrival minus due time) percentiles, duplicates and losses (goals: all sent within 30 s of the
 * first due time, p99 lateness under 2 s, none doubled or lost) — on the embedded database, then
 * with two replicas sharing PostgreSQL. GreenMail's inbox is read every 100 ms, so lateness is
 * measured up to 100 ms high.</li>
 * </ol>
 * Exits 1 when a goal is missed. Run with {@code ./mvnw -Pbenchmark verify -Dbenchmark=EscalationBenchmark}
 * (BENCHMARK_PENDING_ESCALATIONS and BENCHMARK_BURST_ESCALATIONS change the sizes for a quick try).
 */
public final class EscalationBenchmark {

    private static final int PENDING = sizeFromEnvironment("BENCHMARK_PENDING_ESCALATIONS", 100_000);
    private static final int BURST = sizeFromEnvironment("BENCHMARK_BURST_ESCALATIONS", 10_000);
    private static final Duration BURST_WINDOW = Duration.ofSeconds(10);
    private static final Duration SEND_GOAL = Duration.ofSeconds(30);
    private static final long HEAP_GOAL_MB = 64;
    private static final int IN_FLIGHT = 16;
    private static final Duration ARRIVAL_POLL = Duration.ofMillis(100);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern MESSAGE_ID = Pattern.compile("<escalation\\.([0-9a-f-]+)\\.1@");

    private final HttpClient http = HttpClient.newHttpClient();

    private EscalationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        EscalationBenchmark benchmark = new EscalationBenchmark();
        System.out.printf("%n=== Escalation benchmark on %d cores%n", Runtime.getRuntime().availableProcessors());
        boolean passed = benchmark.pending();
        passed &= benchmark.burst("embedded H2, one replica", Map.of(), 1);
        try (PostgresqlDatabase database = new PostgresqlDatabase()) {
            passed &= benchmark.burst("PostgreSQL, two replicas", database.environment(), 2);
        }
        System.out.println(passed ? "PASS" : "FAIL (goals: heap < 64 MB for 100,000 pending; all sent within 30 s, "
                + "p99 lateness < 2 s, 0 duplicates, 0 losses)");
        System.exit(passed ? 0 : 1);
    }

    /** Heap growth of the service holding {@link #PENDING} escalations that are not due. */
    private boolean pending() throws Exception {
        Map<String, String> environment = Map.of("ESCALATION_TIMEOUT_SECONDS", "86400", "QUARKUS_LOG_CATEGORY__DEV_ESCALATIONEDA__LEVEL", "WARN",
                "QUARKUS_LOG_CATEGORY__ORG_APACHE_CAMEL__LEVEL", "WARN");
        try (ApplicationProcess app = ApplicationProcess.start(Files.createTempDirectory("escalation-benchmark-pending"), environment,
                "-Xmx1g")) {
            create(List.of(app), "warmup", 2_000);
            long before = heapAfterGc(app);
            Instant started = Instant.now();
            create(List.of(app), "pending", PENDING);
            Duration creating = Duration.between(started, Instant.now());
            long after = heapAfterGc(app);
            long growthMb = (after - before) / 1024;
            System.out.printf("pending: %,d escalations held (created in %d s, %.0f requests/s); heap after full GC %d MB -> %d MB, "
                    + "growth %d MB%n", PENDING, creating.toSeconds(), PENDING * 1000.0 / creating.toMillis(), before / 1024, after / 1024,
                    growthMb);
            return growthMb < HEAP_GOAL_MB;
        }
    }

    /**
     * {@link #BURST} escalations coming due within {@link #BURST_WINDOW}, on {@code replicas} replicas.
     * The requests are created through the API with a day to wait; creating them takes longer than the
     * window, so their due times are then set by SQL to fall evenly within it, starting shortly after.
     */
    private boolean burst(String setup, Map<String, String> database, int replicas) throws Exception {
        GreenMail smtp = new BenchmarkGreenMail();
        smtp.start();
        Path workDir = Files.createTempDirectory("escalation-benchmark-burst");
        Map<String, String> environment = new HashMap<>(database);
        environment.putAll(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "ESCALATION_TIMEOUT_SECONDS", "86400", "ESCALATION_SENDERS", System.getenv().getOrDefault("ESCALATION_SENDERS", "8"),
                "QUARKUS_LOG_CATEGORY__DEV_ESCALATIONEDA__LEVEL", "WARN", "QUARKUS_LOG_CATEGORY__ORG_APACHE_CAMEL__LEVEL", "WARN",
                "QUARKUS_LOG_CATEGORY__IN_PROCESS_EVENTS__LEVEL", "WARN"));
        String jdbcUrl = database.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbcUrl == null) {
            // the embedded database, opened so that this benchmark can reach it while the service runs
            jdbcUrl = "jdbc:h2:file:" + workDir.resolve("data/escalation-eda").toAbsolutePath() + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;LOCK_TIMEOUT=60000";
            environment.put("QUARKUS_DATASOURCE_EMBEDDED_JDBC_URL", jdbcUrl);
        }
        List<ApplicationProcess> apps = new ArrayList<>();
        try {
            for (int i = 0; i < replicas; i++) {
                apps.add(ApplicationProcess.start(workDir.resolve("replica-" + i), environment, "-Xmx1g"));
            }
            long heapBefore = heapAfterGc(apps.get(0));
            List<String> ids = new ArrayList<>(create(apps, "burst", BURST).keySet());
            Map<String, Instant> due = dueWithinTheWindow(jdbcUrl, database.getOrDefault("QUARKUS_DATASOURCE_USERNAME", "sa"), ids);
            Instant firstDue = due.values().stream().min(Instant::compareTo).orElseThrow();
            Instant lastDue = due.values().stream().max(Instant::compareTo).orElseThrow();

            Map<String, Instant> arrivals = new HashMap<>();
            int received = 0;
            int duplicates = 0;
            Instant deadline = lastDue.plus(SEND_GOAL);
            while (Instant.now().isBefore(deadline)) {
                MimeMessage[] messages = smtp.getReceivedMessages();
                Instant now = Instant.now();
                for (int i = received; i < messages.length; i++) {
                    Matcher id = MESSAGE_ID.matcher(messageId(messages[i]));
                    if (id.find() && due.containsKey(id.group(1)) && arrivals.putIfAbsent(id.group(1), now) != null) {
                        duplicates++;
                    }
                }
                received = messages.length;
                if (arrivals.size() == BURST && now.isAfter(lastDue.plusSeconds(3))) {
                    break;
                }
                Thread.sleep(ARRIVAL_POLL.toMillis());
            }
            long heapAfter = heapAfterGc(apps.get(0));
            List<Long> lateness = arrivals.entrySet().stream()
                    .map(arrival -> Duration.between(due.get(arrival.getKey()), arrival.getValue()).toMillis()).sorted().toList();
            int missing = BURST - arrivals.size();
            Instant lastArrival = arrivals.values().stream().max(Instant::compareTo).orElse(firstDue);
            Duration sending = Duration.between(firstDue, lastArrival);
            long p99 = lateness.isEmpty() ? Long.MAX_VALUE : Stats.percentile(lateness, 99);
            System.out.printf("burst (%s): %,d due within %.1f s; %,d mailed, %d not mailed by the deadline (last due + 30 s), %d duplicates; all sent %.1f s after the first "
                    + "came due (%.0f mails/s); lateness p50 %d ms, p99 %d ms, max %d ms (arrivals polled every %d ms); "
                    + "heap after full GC %d MB -> %d MB%n",
                    setup, BURST, Duration.between(firstDue, lastDue).toMillis() / 1000.0, arrivals.size(), missing, duplicates,
                    sending.toMillis() / 1000.0, arrivals.size() * 1000.0 / Math.max(1, sending.toMillis()),
                    lateness.isEmpty() ? 0 : Stats.percentile(lateness, 50), p99, lateness.isEmpty() ? 0 : lateness.get(lateness.size() - 1),
                    ARRIVAL_POLL.toMillis(), heapBefore / 1024, heapAfter / 1024);
            return missing == 0 && duplicates == 0 && p99 < 2000 && sending.compareTo(SEND_GOAL) <= 0;
        } finally {
            apps.forEach(ApplicationProcess::close);
            smtp.stop();
        }
    }

    /** Sets the level 1 due times of the requests evenly over the window, from a few seconds from now; returns them. */
    private static Map<String, Instant> dueWithinTheWindow(String jdbcUrl, String user, List<String> ids) throws Exception {
        Map<String, Instant> due = new HashMap<>();
        Instant start = Instant.now().plusSeconds(5);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE escalation SET due_at = ?, next_attempt_at = ? WHERE request_id = ? AND level = 1")) {
            for (int i = 0; i < ids.size(); i++) {
                Instant at = start.plusMillis(BURST_WINDOW.toMillis() * i / ids.size());
                OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
                update.setObject(1, time);
                update.setObject(2, time);
                update.setString(3, ids.get(i));
                update.addBatch();
                due.put(ids.get(i), at);
            }
            update.executeBatch();
        }
        return due;
    }

    /**
     * Creates large requests with a manager (each schedules its escalations), spread over the replicas,
     * {@link #IN_FLIGHT} at a time; returns when each was created, by request id.
     */
    private Map<String, Instant> create(List<ApplicationProcess> apps, String prefix, int count) throws Exception {
        Map<String, Instant> created = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            ApplicationProcess app = apps.get(i % apps.size());
            String body = "{\"namespace\":\"" + prefix + "-" + i + "\",\"size\":\"large\",\"requester\":\"jdoe\","
                    + "\"manager\":\"boss@example.com\",\"recipients\":[]}";
            sends.add(http.sendAsync(HttpRequest.newBuilder(URI.create(app.url("/api/namespace-requests")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                        try {
                            if (response.statusCode() != 201) {
                                throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
                            }
                            JsonNode request = JSON.readTree(response.body());
                            created.put(request.path("id").asText(), Instant.parse(request.path("createdAt").asText()));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).whenComplete((ignored, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return created;
    }

    /** The service's used heap in KB after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    private static long heapAfterGc(ApplicationProcess app) throws Exception {
        jcmd(app, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(app, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(ApplicationProcess app, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(app.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    private static int sizeFromEnvironment(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static String messageId(MimeMessage message) {
        try {
            return String.valueOf(message.getMessageID());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
