package dev.escalationeda.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The strategy runs API and the event ingress of a running {@link ApplicationProcess}, over HTTP. */
final class StrategyApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApplicationProcess app;

    StrategyApi(ApplicationProcess app) {
        this.app = app;
    }

    /** Starts a run by hand and returns its context id. */
    String start(String strategy, String commit) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.url("/api/strategy-runs")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"strategy\":\"" + strategy + "\",\"variables\":{\"commit\":\"" + commit + "\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("run not started: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("contextId").asText();
    }

    /** An external stage's report, as a binary-mode CloudEvent of the run; answers the HTTP status. */
    int report(String contextId, String stage, String status) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.url("/events")))
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/tests/tools")
                .header("ce-type", "dev.example.stage.reported").header("ce-contextid", contextId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stage\":\"" + stage + "\",\"status\":\"" + status + "\"}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode run(String contextId) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(app.url("/api/strategy-runs/" + contextId))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    String stageState(String contextId, String stage) throws IOException, InterruptedException {
        for (JsonNode found : run(contextId).path("stages")) {
            if (found.path("name").asText().equals(stage)) {
                return found.path("state").asText();
            }
        }
        throw new IllegalStateException("no stage " + stage);
    }
}
