package dev.escalationeda.benchmark;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.escalationeda.it.ApplicationProcess;
import dev.escalationeda.testing.JiraWebhooks;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import okhttp3.mockwebserver.MockWebServer;

/**
 * Large requests approved in Jira, all at once: the packaged service against WireMock as Jira and
 * the fabric8 mock API server (CRUD mode) as the cluster. 200 requests are created and get their
 * approval issues; then 200 signed "resolved as Done" webhooks are sent concurrently. Prints p50/p99
 * from the approval webhook being processed to the namespace objects being created (the requests'
 * timelines), Jira calls per request, and Jira reads. Goals: p99 under 100 ms, exactly one create
 * and at most two follow-up calls per request, no reads. Exits 1 when a goal is missed.
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -Dbenchmark=NamespaceRequestBenchmark}.
 */
public final class NamespaceRequestBenchmark {

    private static final int REQUESTS = 200;
    private static final String SECRET = "benchmark-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private NamespaceRequestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        WireMockServer jira = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("wiremock"));
        jira.start();
        KubernetesMockServer cluster = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(Collections.emptyList()), false);
        cluster.init(InetAddress.getLoopbackAddress(), 0);
        String masterUrl = cluster.createClient().getMasterUrl().toString();
        Path workDir = Files.createTempDirectory("namespace-request-benchmark");
        Map<String, String> environment = Map.of("JIRA_URL", "http://127.0.0.1:" + jira.port(),
                "JIRA_USERNAME", "bot@example.com", "JIRA_API_TOKEN", "jira-api-token", "JIRA_PROJECT", "PLAT",
                "JIRA_WEBHOOK_SECRET", SECRET, "PROVISIONER", "kubernetes", "KUBERNETES_MASTER", masterUrl,
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        HttpClient http = HttpClient.newHttpClient();
        boolean passed;
        try (ApplicationProcess app = ApplicationProcess.start(workDir, environment, "-Xmx512m")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                ids.add(JSON.readTree(create(http, app, json(Map.of(
                        "namespace", "bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 6), "size", "large",
                        "requester", "jdoe"))).body()).path("id").asText());
            }
            Map<String, String> tickets = awaitAll(http, app, ids, request -> request.path("ticket").path("key").asText(null));

            List<CompletableFuture<HttpResponse<String>>> approvals = new ArrayList<>();
            for (String id : ids) {
                byte[] body = approval(tickets.get(id));
                approvals.add(http.sendAsync(HttpRequest.newBuilder(URI.create(app.url("/webhook/jira")))
                        .header("Content-Type", "application/json")
                        .header("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString())
                        .header("X-Hub-Signature", JiraWebhooks.signature(SECRET, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            long failedWebhooks = approvals.stream().map(CompletableFuture::join).filter(response -> response.statusCode() != 200).count();
            Map<String, String> latencies = awaitAll(http, app, ids, NamespaceRequestBenchmark::approvalToProvisioned);

            List<Long> millis = latencies.values().stream().map(Long::parseLong).sorted().toList();
            List<ServeEvent> calls = jira.getAllServeEvents().stream()
                    .filter(event -> event.getRequest().getUrl().startsWith("/rest/api/")).toList();
            long creates = calls.stream().filter(event -> event.getRequest().getUrl().equals("/rest/api/2/issue")).count();
            Map<String, Long> followUps = calls.stream().filter(event -> !event.getRequest().getUrl().equals("/rest/api/2/issue"))
                    .collect(Collectors.groupingBy(event -> event.getRequest().getUrl().split("/")[5], Collectors.counting()));
            long reads = calls.stream().filter(event -> "GET".equals(event.getRequest().getMethod().getName())).count();
            long maxFollowUps = followUps.values().stream().mapToLong(Long::longValue).max().orElse(0);
            long p50 = Stats.percentile(millis, 50);
            long p99 = Stats.percentile(millis, 99);

            System.out.println();
            System.out.printf("=== Namespace request benchmark: %d large requests approved at once, on %d cores%n",
                    REQUESTS, Runtime.getRuntime().availableProcessors());
            System.out.printf("approval webhook -> namespace objects created: p50 %d ms, p99 %d ms, max %d ms (webhooks not 200: %d)%n",
                    p50, p99, millis.get(millis.size() - 1), failedWebhooks);
            System.out.printf("Jira calls: %d creates for %d requests, follow-ups per request at most %d (%.2f on average), reads %d%n",
                    creates, REQUESTS, maxFollowUps, followUps.values().stream().mapToLong(Long::longValue).average().orElse(0), reads);
            passed = p99 < 100 && creates == REQUESTS && maxFollowUps <= 2 && reads == 0 && failedWebhooks == 0;
            System.out.println(passed ? "PASS" : "FAIL (goals: p99 < 100 ms, 1 create and <= 2 follow-ups per request, 0 reads)");
        } finally {
            cluster.destroy();
            jira.stop();
        }
        System.exit(passed ? 0 : 1);
    }

    /** Milliseconds from the approval entry to the provisioned entry of the timeline, once both are there. */
    private static String approvalToProvisioned(JsonNode request) {
        Instant approved = null;
        Instant provisioned = null;
        for (JsonNode entry : request.path("timeline")) {
            switch (entry.path("event").asText()) {
                case "approved" -> approved = Instant.parse(entry.path("at").asText());
                case "provisioned" -> provisioned = Instant.parse(entry.path("at").asText());
                default -> { }
            }
        }
        return approved == null || provisioned == null ? null : Long.toString(Duration.between(approved, provisioned).toMillis());
    }

    /** Polls every request until {@code value} gives something for each. */
    private static Map<String, String> awaitAll(HttpClient http, ApplicationProcess app, List<String> ids,
            Function<JsonNode, String> value) throws Exception {
        Map<String, String> values = new HashMap<>();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (values.size() < ids.size()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + values.size() + " of " + ids.size() + " requests got there; see " + app.log());
            }
            for (String id : ids) {
                if (!values.containsKey(id)) {
                    String found = value.apply(JSON.readTree(http.send(HttpRequest.newBuilder(
                            URI.create(app.url("/api/namespace-requests/" + id))).build(), HttpResponse.BodyHandlers.ofString()).body()));
                    if (found != null) {
                        values.put(id, found);
                    }
                }
            }
            Thread.sleep(200);
        }
        return values;
    }

    private static byte[] approval(String issueKey) {
        return JiraWebhooks.edited(JiraWebhooks.SERVER_DONE, body -> {
            ((ObjectNode) body.path("issue")).put("key", issueKey);
            JiraWebhooks.fields(body).putArray("labels").add("escalation-eda");
        });
    }

    private static HttpResponse<String> create(HttpClient http, ApplicationProcess app, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url("/api/namespace-requests")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }
}
