package dev.escalationeda.strategy;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.restassured.response.ValidatableResponse;

/** Sends CloudEvents to {@code POST /events}, built and serialised with the CloudEvents SDK. */
final class StrategyEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StrategyEvents() {
    }

    static CloudEvent event(String id, String contextId, Map<String, String> attributes) {
        try {
            CloudEventBuilder builder = CloudEventBuilder.v1().withId(id).withSource(URI.create("/tests/strategies"))
                    .withType("dev.example.test").withDataContentType("application/json")
                    .withData(JSON.writeValueAsBytes(attributes));
            return contextId == null ? builder.build() : builder.withExtension("contextid", contextId).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A push of {@code commit} to {@code branch}, as a source repository listener would send it. */
    static CloudEvent push(String branch, String commit) {
        return event(UUID.randomUUID().toString(), null, Map.of("name", "Push", "branch", branch, "commit", commit,
                "repository", "https://github.com/example/hello-world", "repository_name", "hello-world"));
    }

    /** Structured mode: the whole event as application/cloudevents+json. */
    static ValidatableResponse postStructured(CloudEvent event) {
        byte[] body = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).serialize(event);
        return given().contentType(JsonFormat.CONTENT_TYPE).body(body).post("/events").then();
    }

    /** Binary mode: attributes as ce-* headers, the data as the body. */
    static ValidatableResponse postBinary(CloudEvent event) {
        var request = given().header("ce-specversion", "1.0").header("ce-id", event.getId())
                .header("ce-source", event.getSource().toString()).header("ce-type", event.getType()).contentType("application/json");
        for (String name : event.getExtensionNames()) {
            request = request.header("ce-" + name, String.valueOf(event.getExtension(name)));
        }
        return request.body(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).post("/events").then();
    }

    static List<String> startedRuns(ValidatableResponse response) {
        return response.statusCode(202).extract().jsonPath().getList("startedRuns", String.class);
    }
}
