package dev.escalationeda.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import dev.escalationeda.testing.JiraWebhooks;
import org.junit.jupiter.api.Test;

class WebhookSignatureVerifierTest {

    private static final byte[] BODY = "{\"webhookEvent\":\"jira:issue_updated\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(config(Optional.of("s3cret")));

    @Test
    void acceptsJirasSignatureInEitherCase() {
        String signature = JiraWebhooks.signature("s3cret", BODY);
        assertThatCode(() -> verifier.verify(request(signature))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(request(signature.toUpperCase(Locale.ROOT)))).doesNotThrowAnyException();
    }

    @Test
    void refusesMissingForeignTruncatedAndNonHexSignatures() {
        String signature = JiraWebhooks.signature("s3cret", BODY);
        for (String bad : new String[] {null, "", "sha256=", JiraWebhooks.signature("other", BODY),
                signature.substring(0, signature.length() - 2), "sha256=xyz", "sha1=" + signature.substring(7)}) {
            assertThatThrownBy(() -> verifier.verify(request(bad)))
                    .isInstanceOf(WebhookRejectedException.class)
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((WebhookRejectedException) e).status()).isEqualTo(401));
        }
    }

    @Test
    void withoutASecretNothingIsChecked() {
        WebhookSignatureVerifier open = new WebhookSignatureVerifier(config(Optional.empty()));
        assertThatCode(() -> open.verify(request(null))).doesNotThrowAnyException();
    }

    private static WebhookConfig config(Optional<String> secret) {
        return new WebhookConfig() {
            @Override
            public Optional<String> secret() {
                return secret;
            }

            @Override
            public Duration claimTimeout() {
                return Duration.ofMinutes(2);
            }

            @Override
            public Duration deliveryRetention() {
                return Duration.ofDays(7);
            }
        };
    }

    private static JiraWebhookRequest request(String signature) {
        return new JiraWebhookRequest(BODY, signature, "delivery-1");
    }
}
