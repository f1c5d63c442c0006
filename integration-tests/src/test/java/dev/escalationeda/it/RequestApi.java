package dev.escalationeda.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The namespace request API of a running {@link ApplicationProcess}, over HTTP. */
final class RequestApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApplicationProcess app;

    RequestApi(ApplicationProcess app) {
        this.app = app;
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a request and returns its id. */
    String create(String body) throws IOException, InterruptedException {
        return JSON.readTree(post("/api/namespace-requests", body).body()).path("id").asText();
    }

    JsonNode get(String id) throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(app.url("/api/namespace-requests/" + id))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }
}
