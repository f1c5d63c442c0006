package dev.escalationeda.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Reads the few fields the service needs from a Jira webhook body. Tolerant on purpose: Jira Cloud
 * captures carry scalars as strings ({@code "null"}, {@code "[]"}), Jira Server uses real values.
 * A {@link Processor}, so that the route calls it directly rather than through bean-method binding.
 */
@ApplicationScoped
@Named("jiraWebhookParser")
public class JiraWebhookParser implements Processor {

    private static final int MAX_DELIVERY_ID = 255;

    /** The exchange property that carries the delivery id, the key of the Idempotent Consumer. */
    public static final String DELIVERY_ID_PROPERTY = "deliveryId";


    private final ObjectReader reader;

    public JiraWebhookParser(ObjectMapper objectMapper) {
        this.reader = objectMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Replaces the {@link JiraWebhookRequest} in the body by its {@link JiraIssueEvent} and sets the delivery id property. */
    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        JiraIssueEvent event = parse(message.getBody(JiraWebhookRequest.class));
        exchange.setProperty(DELIVERY_ID_PROPERTY, event.deliveryId());
        message.setBody(event);
    }

    public JiraIssueEvent parse(JiraWebhookRequest request) {
        String contentType = request.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw WebhookRejectedException.unsupportedMediaType("Content-Type must be application/json, was " + contentType);
        }
        if (request.body().length == 0) {
            throw WebhookRejectedException.badRequest("empty body: a Jira webhook is a JSON object");
        }
        JsonNode root = readTree(request.body());
        String deliveryId = request.deliveryId() == null || request.deliveryId().isBlank()
                ? "sha256:" + digest(request.body())
                : request.deliveryId().trim();
        if (deliveryId.length() > MAX_DELIVERY_ID) {
            // Jira's ids are UUIDs; anything longer is kept by its digest, which fits the column.
            deliveryId = "sha256:" + digest(deliveryId.getBytes(StandardCharsets.UTF_8));
        }
        return issue(deliveryId, text(root.path("webhookEvent")), root.path("issue"));
    }

    /**
     * The fields of an issue as a webhook's {@code issue} and Jira's issue search both carry them
     * ({@code {"key","fields":{"labels","status","resolution"}}}).
     */
    public static JiraIssueEvent issue(String deliveryId, String webhookEvent, JsonNode issue) {
        JsonNode fields = issue.path("fields");
        JsonNode status = fields.path("status");
        return new JiraIssueEvent(deliveryId, webhookEvent, text(issue.path("key")), labels(fields.path("labels")),
                text(status.path("name")), text(status.path("statusCategory").path("key")), resolution(fields.path("resolution")));
    }

    private JsonNode readTree(byte[] body) {
        try {
            JsonNode root = reader.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw WebhookRejectedException.badRequest("empty body: a Jira webhook is a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw WebhookRejectedException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw WebhookRejectedException.badRequest("unreadable body: " + e.getMessage());
        }
    }

    private static String text(JsonNode node) {
        if (!node.isValueNode() || node.isNull()) {
            return null;
        }
        String value = node.asText();
        return value.isEmpty() || "null".equals(value) ? null : value;
    }

    private static List<String> labels(JsonNode node) {
        List<String> labels = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(label -> {
                String value = text(label);
                if (value != null) {
                    labels.add(value);
                }
            });
        }
        return labels;
    }

    /** Cloud and Server send the resolution as an object with a name; captures may carry "null". */
    private static String resolution(JsonNode node) {
        return node.isObject() ? text(node.path("name")) : text(node);
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
