package dev.escalationeda.jira;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
        return new JiraConfig() {
            @Override
            public Optional<String> url() {
                return url;
            }

            @Override
            public Optional<String> username() {
                return Optional.empty();
            }

            @Override
            public Optional<String> apiToken() {
                return Optional.empty();
            }

            @Override
            public String project() {
                return "PLAT";
            }

            @Override
            public String issueType() {
                return "Task";
            }

            @Override
            public Optional<String> webhookSecret() {
                return secret;
            }

            @Override
            public Optional<String> doneTransitionId() {
                return Optional.empty();
            }

            @Override
            public Duration searchSettle() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
