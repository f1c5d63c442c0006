package dev.escalationeda.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.escalationeda.testing.JiraWebhooks;
import org.junit.jupiter.api.Test;

class WebhookSignatureVerifierTest {

    private static final String SECRET = "s3cret";
    private static final byte[] BODY = "{\"webhookEvent\":\"jira:issue_updated\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier();

    @Test
    void acceptsJirasSignatureInEitherCase() {
        String signature = JiraWebhooks.signature(SECRET, BODY);
        assertThatCode(() -> verifier.verify(request(signature), SECRET)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(request(signature.toUpperCase(Locale.ROOT)), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingForeignTruncatedAndNonHexSignatures() {
        String signature = JiraWebhooks.signature(SECRET, BODY);
        for (String bad : new String[] {null, "", "sha256=", JiraWebhooks.signature("other", BODY),
                signature.substring(0, signature.length() - 2), "sha256=xyz", "sha1=" + signature.substring(7)}) {
            assertThatThrownBy(() -> verifier.verify(request(bad), SECRET))
                    .isInstanceOf(WebhookRejectedException.class)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((WebhookRejectedException) e).status()).isEqualTo(401));
        }
    }

    @Test
    void withoutASecretNothingIsChecked() {
        assertThatCode(() -> verifier.verify(request(null), null)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(request("sha256=00"), " ")).doesNotThrowAnyException();
    }

    private static JiraWebhookRequest request(String signature) {
        return new JiraWebhookRequest(BODY, "application/json", signature, "delivery-1");
    }
}
