package dev.escalationeda.jira;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SignedWebhooksRequiredTest {

    @Test
    void jiraWithoutAWebhookSecretDoesNotStart() {
        assertThatThrownBy(() -> SignedWebhooksRequired.verify(config(Optional.of("https://jira.example.com"), Optional.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JIRA_WEBHOOK_SECRET");
        assertThatThrownBy(() -> SignedWebhooksRequired.verify(config(Optional.of("https://jira.example.com"), Optional.of(" "))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void jiraWithASecretOrNoJiraStarts() {
        assertThatCode(() -> SignedWebhooksRequired.verify(config(Optional.of("https://jira.example.com"), Optional.of("s3cret"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> SignedWebhooksRequired.verify(config(Optional.empty(), Optional.empty()))).doesNotThrowAnyException();
    }

    private static JiraConfig config(Optional<String> url, Optional<String> secret) {
        return new JiraSettings(url, Optional.empty(), Optional.empty(), secret);
    }
}
