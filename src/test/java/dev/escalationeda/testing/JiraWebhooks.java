package dev.escalationeda.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;

/** Jira webhook bodies for tests: the recorded captures, edited, and signed as Jira signs them. */
public final class JiraWebhooks {

    public static final String CLOUD_DONE = "/jira/cloud-issue-updated-done.json";
    public static final String SERVER_DONE = "/jira/server-issue-updated-done.json";

    /** The webhook secret of the test configuration. */
    public static final String TEST_SECRET = "test-webhook-secret";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JiraWebhooks() {
    }

    public static ObjectNode load(String resource) {
        try (InputStream in = JiraWebhooks.class.getResourceAsStream(resource)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Jira Server's "issue updated" webhook for issue {@code key}, resolved with {@code resolution}
     * ("Done" approves under the default rule), as the service's test configuration expects it signed.
     */
    public static ValidatableResponse resolve(String key, String resolution) {
        return resolve(key, resolution, UUID.randomUUID().toString(), "escalation-eda");
    }

    /** As {@link #resolve(String, String)}, as Jira's delivery {@code deliveryId}, the issue carrying {@code labels}. */
    public static ValidatableResponse resolve(String key, String resolution, String deliveryId, String... labels) {
        byte[] body = edited(SERVER_DONE, b -> {
            identify(b, key, labels);
            ((ObjectNode) fields(b).path("resolution")).put("name", resolution);
        });
        return deliver(body, deliveryId);
    }

    /**
     * Jira Server's "issue updated" webhook for issue {@code key} in status {@code status} of category
     * {@code statusCategory} ({@code done}, {@code indeterminate}, ...), unresolved unless done, carrying
     * {@code labels}.
     */
    public static ValidatableResponse relabel(String key, String status, String statusCategory, String... labels) {
        byte[] body = edited(SERVER_DONE, b -> {
            identify(b, key, labels);
            ObjectNode issueStatus = (ObjectNode) fields(b).path("status");
            issueStatus.put("name", status);
            ((ObjectNode) issueStatus.path("statusCategory")).put("key", statusCategory);
            if (!"done".equals(statusCategory)) {
                fields(b).putNull("resolution");
            }
        });
        return deliver(body, UUID.randomUUID().toString());
    }

    /** The capture's issue as issue {@code key} carrying {@code labels}. */
    private static void identify(ObjectNode body, String key, String... labels) {
        ((ObjectNode) body.path("issue")).put("key", key);
        ArrayNode issueLabels = fields(body).putArray("labels");
        for (String label : labels) {
            issueLabels.add(label);
        }
    }

    private static ValidatableResponse deliver(byte[] body, String deliveryId) {
        return given().contentType("application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .header("X-Hub-Signature", signature(TEST_SECRET, body))
                .body(body).post("/webhook/jira").then();
    }

    /** The capture after {@code edit}, as bytes. */
    public static byte[] edited(String resource, Consumer<ObjectNode> edit) {
        ObjectNode body = load(resource);
        edit.accept(body);
        return bytes(body);
    }

    public static byte[] bytes(ObjectNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode fields(ObjectNode body) {
        return (ObjectNode) body.path("issue").path("fields");
    }

    /** The X-Hub-Signature value Jira sends for {@code body}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
