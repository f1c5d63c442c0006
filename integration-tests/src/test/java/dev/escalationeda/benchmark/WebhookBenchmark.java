package dev.escalationeda.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.OperatingSystemMXBean;

import dev.escalationeda.it.ApplicationProcess;
import dev.escalationeda.testing.JiraWebhooks;

/**
 * Webhook throughput against the service's own liveness endpoint, in the same run on the same
 * machine: the packaged service (signature check on, events to a {@link CountingSink}) is loaded
 * with wrk, first on {@code POST /webhook/jira} with a unique delivery id per request, then on
 * {@code GET /q/health/live}. Goal: webhook rate at least half the liveness rate, no errors, and
 * exactly one event per accepted delivery. Exits 1 when the goal is missed.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify}. Measured seconds per endpoint: system property
 * {@code benchmark.duration} or environment variable {@code BENCHMARK_DURATION} (default 20; Maven's
 * exec step forwards no system property, so use the variable there); warm-up seconds likewise with
 * {@code benchmark.warmup} / {@code BENCHMARK_WARMUP} (default 60: at webhook rates on 2 cores the JIT
 * compiler is busy for about a minute, and a shorter warm-up measures the compiler more than the service).
 */
public final class WebhookBenchmark {

    private static final int THREADS = 2;
    private static final int CONNECTIONS = 32;
    private static final double GOAL_RATIO = 0.5;
    private static final String SECRET = "benchmark-webhook-secret";
    /** A bounded heap, as a container would give it; everything else is the JVM's default. */
    private static final String[] APPLICATION_JVM_OPTIONS = {"-Xmx512m"};
    private static final Pattern ACCEPTED = Pattern.compile(
            "^eda_webhooks_total\\{[^}]*outcome=\"accepted\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Other work on the machine takes cores from the service and wrk alike; the report shows how much there was.
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // JBoss LogManager is on the test classpath and insists on being the JUL manager (as surefire sets it).
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (!Wrk.onPath()) {
            System.err.println("wrk is not on the PATH; install it with: apt-get install -y wrk");
            System.exit(2);
        }
        int seconds = setting("benchmark.duration", "BENCHMARK_DURATION", 20);
        int warmUpSeconds = setting("benchmark.warmup", "BENCHMARK_WARMUP", 60);

        Path workDir = Files.createTempDirectory("webhook-benchmark-");
        Path body = workDir.resolve("webhook-body.json");
        Path script = workDir.resolve("webhook.lua");
        Files.write(body, resource(JiraWebhooks.CLOUD_DONE));
        Files.write(script, resource("/benchmark/webhook.lua"));
        String signature = JiraWebhooks.signature(SECRET, Files.readAllBytes(body));
        Wrk wrk = new Wrk(THREADS, CONNECTIONS, workDir);

        boolean passed;
        try (CountingSink sink = new CountingSink();
                ApplicationProcess application = ApplicationProcess.start(workDir,
                        Map.of("K_SINK", sink.url(), "JIRA_WEBHOOK_SECRET", SECRET), APPLICATION_JVM_OPTIONS)) {
            String webhook = application.url("/webhook/jira");
            String liveness = application.url("/q/health/live");
            // Until the JIT has compiled the hot paths it takes up to a core and the webhook rate is a fraction of
            // what it becomes; only the runs after this are measured.
            wrk.run(webhook, warmUpSeconds, script, "warmup", body.toString(), signature);
            wrk.run(liveness, warmUpSeconds, null);

            Cpu applicationCpu = new Cpu(() -> ProcessHandle.of(application.pid()).orElseThrow().info()
                    .totalCpuDuration().orElseThrow().toNanos());
            Cpu benchmarkCpu = new Cpu(((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())::getProcessCpuTime);

            long eventsBefore = sink.events();
            double acceptedBefore = accepted(application);
            applicationCpu.start();
            benchmarkCpu.start();
            Wrk.Result webhookResult = wrk.run(webhook, seconds, script, "run", body.toString(), signature);
            String webhookCpu = applicationCpu.cores() + " / " + benchmarkCpu.cores();
            awaitQuiet(sink);
            long events = sink.events() - eventsBefore;
            long accepted = Math.round(accepted(application) - acceptedBefore);

            applicationCpu.start();
            benchmarkCpu.start();
            Wrk.Result livenessResult = wrk.run(liveness, seconds, null);
            String livenessCpu = applicationCpu.cores() + " / " + benchmarkCpu.cores();

            System.out.println("--- wrk, POST /webhook/jira\n" + webhookResult.output());
            System.out.println("--- wrk, GET /q/health/live\n" + livenessResult.output());
            passed = report(wrk.commandLine(seconds), warmUpSeconds, loadBefore, workDir, webhookResult, webhookCpu,
                    livenessResult, livenessCpu, events, accepted, sink.duplicates());
        }
        System.exit(passed ? 0 : 1);
    }

    private static boolean report(String commandLine, int warmUpSeconds, double loadBefore, Path workDir,
            Wrk.Result webhook, String webhookCpu, Wrk.Result liveness, String livenessCpu,
            long events, long accepted, long duplicates) {
        double ratio = webhook.requestsPerSecond() / liveness.requestsPerSecond();
        // wrk counts only the responses it read: requests in flight when it stopped still reach the
        // service and the sink, so there may be up to one more event than completed requests per connection.
        long inFlight = events - webhook.requests();
        boolean eventsMatch = events == accepted && duplicates == 0 && inFlight >= 0 && inFlight <= CONNECTIONS;
        boolean passed = ratio >= GOAL_RATIO && webhook.errors() == 0 && liveness.errors() == 0 && eventsMatch;

        System.out.printf("""
                === Webhook benchmark: %s, after %d s warm-up per endpoint, on %d cores (load average %.2f before the run)
                service: java %s -jar quarkus-run.jar, signature check on, H2 file database, K_SINK = counting Vert.x sink
                work dir (application.log): %s
                %-20s %10s %10s %10s %8s  %s
                """, commandLine, warmUpSeconds, Runtime.getRuntime().availableProcessors(), loadBefore,
                String.join(" ", APPLICATION_JVM_OPTIONS), workDir,
                "endpoint", "req/s", "p50 ms", "p99 ms", "errors", "CPU cores: service / sink+harness");
        row("POST /webhook/jira", webhook, webhookCpu);
        row("GET /q/health/live", liveness, livenessCpu);
        System.out.printf("""
                ratio webhook/liveness: %.2f (goal >= %.2f)
                events: %d received for %d completed requests (%d in flight when wrk stopped), \
                %d deliveries accepted by the service, %d lost, %d duplicated
                %s
                """, ratio, GOAL_RATIO, events, webhook.requests(), inFlight, accepted,
                Math.max(0, Math.max(accepted, webhook.requests()) - events), duplicates, passed ? "PASS" : "FAIL");
        return passed;
    }

    private static void row(String endpoint, Wrk.Result result, String cpu) {
        String errors = result.errors() == 0 ? "0"
                : result.errors() + " (" + result.non2xx() + " non-2xx, " + result.socketErrors() + " socket)";
        System.out.printf("%-20s %10.1f %10.2f %10.2f %8s  %s%n", endpoint, result.requestsPerSecond(),
                result.p50(), result.p99(), errors, cpu);
    }

    /** The service's count of deliveries it emitted events for, read as Prometheus reads it. */
    private static double accepted(ApplicationProcess application) throws IOException, InterruptedException {
        String scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(application.url("/q/metrics"))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = ACCEPTED.matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Waits, at most 10 s, until the requests wrk left in flight have delivered their events. */
    private static void awaitQuiet(CountingSink sink) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long last = -1;
        while (sink.events() != last && System.nanoTime() < deadline) {
            last = sink.events();
            Thread.sleep(500);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebhookBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("not on the classpath: " + name);
            }
            return in.readAllBytes();
        }
    }

    private static int setting(String property, String variable, int defaultValue) {
        String value = System.getProperty(property, System.getenv(variable));
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    /** CPU time a process spends during a run, as a number of busy cores. */
    private static final class Cpu {

        private final LongSupplier cpuNanos;
        private long startCpu;
        private long startWall;

        Cpu(LongSupplier cpuNanos) {
            this.cpuNanos = cpuNanos;
        }

        void start() {
            startCpu = cpuNanos.getAsLong();
            startWall = System.nanoTime();
        }

        String cores() {
            return String.format("%.2f", (double) (cpuNanos.getAsLong() - startCpu) / (System.nanoTime() - startWall));
        }
    }
}
