package dev.escalationeda.webhook;

import static dev.escalationeda.testing.JiraWebhooks.CLOUD_DONE;
import static dev.escalationeda.testing.JiraWebhooks.SERVER_DONE;
import static dev.escalationeda.testing.JiraWebhooks.edited;
import static dev.escalationeda.testing.JiraWebhooks.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JiraWebhookParserTest {

    private final JiraWebhookParser parser = new JiraWebhookParser(new ObjectMapper());

    @Test
    void readsTheCloudCaptureWhoseScalarsAreStrings() {
        JiraIssueEvent event = parser.parse(new JiraWebhookRequest(edited(CLOUD_DONE, b -> { }), "application/json", null, "d-1"));
        assertThat(event.deliveryId()).isEqualTo("d-1");
        assertThat(event.webhookEvent()).isEqualTo("jira:issue_updated");
        assertThat(event.issueKey()).isEqualTo("ES-4");
        assertThat(event.labels()).containsExactly("workflowInstanceId=500", "workflowName=escalation");
        assertThat(event.statusName()).isEqualTo("In Progress");
        assertThat(event.statusCategoryKey()).isEqualTo("done");
        assertThat(event.resolution()).as("the capture's \"null\" string is no resolution").isNull();
        assertThat(event.isDone()).isTrue();
    }

    @Test
    void readsServerBodiesWithRealValuesAndAResolutionObject() {
        JiraIssueEvent event = parser.parse(new JiraWebhookRequest(edited(SERVER_DONE, b -> { }), "application/json", null, "d-2"));
        assertThat(event.issueKey()).isEqualTo("PLAT-11");
        assertThat(event.resolution()).isEqualTo("Done");
        assertThat(event.statusName()).isEqualTo("Done");
    }

    @Test
    void toleratesMissingAndOddlyTypedFields() {
        byte[] body = edited(SERVER_DONE, b -> {
            fields(b).put("labels", "[]");
            fields(b).remove("status");
            fields(b).putNull("resolution");
        });
        JiraIssueEvent event = parser.parse(new JiraWebhookRequest(body, "application/json", null, "d-3"));
        assertThat(event.labels()).isEmpty();
        assertThat(event.statusCategoryKey()).isNull();
        assertThat(event.resolution()).isNull();
        assertThat(event.isDone()).isFalse();
    }

    @Test
    void withoutADeliveryIdTheBodyDigestStandsIn() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String first = parser.parse(new JiraWebhookRequest(body, "application/json", null, null)).deliveryId();
        String again = parser.parse(new JiraWebhookRequest(body, "application/json", null, " ")).deliveryId();
        String other = parser.parse(new JiraWebhookRequest("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json", null, null))
                .deliveryId();
        assertThat(first).startsWith("sha256:").isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void overlongDeliveryIdsAreKeptByTheirDigest() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String id = parser.parse(new JiraWebhookRequest(body, "application/json", null, "x".repeat(10_000))).deliveryId();
        assertThat(id).startsWith("sha256:").hasSizeLessThanOrEqualTo(255)
                .isEqualTo(parser.parse(new JiraWebhookRequest(body, "application/json", null, "x".repeat(10_000))).deliveryId());
    }

    @Test
    void aContentTypeThatIsNotJsonIsUnsupported() {
        byte[] body = edited(CLOUD_DONE, b -> { });
        assertThatThrownBy(() -> parser.parse(new JiraWebhookRequest(body, "text/plain", null, "d")))
                .isInstanceOf(WebhookRejectedException.class)
                .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(415);
        assertThat(parser.parse(new JiraWebhookRequest(body, "Application/JSON; charset=UTF-8", null, "d")).issueKey()).isEqualTo("ES-4");
        assertThat(parser.parse(new JiraWebhookRequest(body, null, null, "d")).issueKey()).isEqualTo("ES-4");
    }

    @Test
    void malformedAndEmptyBodiesAreBadRequests() {
        for (String body : new String[] {"", "   ", "{\"issue\":", "not json", "{\"a\":1}}"}) {
            assertThatThrownBy(() -> parser.parse(new JiraWebhookRequest(body.getBytes(StandardCharsets.UTF_8), "application/json", null, "d")))
                    .as(body).isInstanceOf(WebhookRejectedException.class)
                    .extracting(e -> ((WebhookRejectedException) e).status()).isEqualTo(400);
        }
    }
}
