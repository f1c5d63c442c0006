package dev.escalationeda.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class StepFailuresTest {

    private final StepFailures failures = new StepFailures();

    @Test
    void noAnswerAndServersInTroubleAreRetried() {
        assertThat(failures.isTransient(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(failures.isTransient(new RuntimeCamelException(new SocketTimeoutException("Read timed out")))).isTrue();
        assertThat(failures.isTransient(new MessagingException("Could not connect to SMTP host"))).isTrue();
        assertThat(failures.isTransient(http(503, ""))).isTrue();
        assertThat(failures.isTransient(http(429, ""))).isTrue();
        assertThat(failures.isTransient(http(408, ""))).isTrue();
        assertThat(failures.isTransient(new KubernetesClientException("Operation: [get] failed.",
                new ConnectException("Connection refused")))).isTrue();
        assertThat(failures.isTransient(new KubernetesClientException("Internal error", 500, null))).isTrue();
    }

    @Test
    void refusalsAreNot() {
        assertThat(failures.isTransient(http(400, "{}"))).isFalse();
        assertThat(failures.isTransient(http(401, ""))).isFalse();
        assertThat(failures.isTransient(new KubernetesClientException("Forbidden", 403, null))).isFalse();
        assertThat(failures.isTransient(new KubernetesClientException("Unprocessable", 422, null))).isFalse();
        assertThat(failures.isTransient(new IllegalStateException("Jira's answer carries no issue key"))).isFalse();
        assertThat(failures.isTransient(new JsonParseException(null, "Unexpected character ('<' (code 60))"))).isFalse();
        assertThat(failures.isTransient(new AuthenticationFailedException("535 5.7.8 Authentication credentials invalid"))).isFalse();
    }

    @Test
    void theReasonQuotesTheAnswerOfTheCallThatFailed() {
        assertThat(failures.reason(http(400, " {\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}\n")))
                .endsWith("statusCode: 400: {\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}");
        assertThat(failures.reason(http(400, "x".repeat(2000)))).hasSizeLessThan(700);
        assertThat(failures.reason(http(503, ""))).endsWith("statusCode: 503");
        assertThat(failures.reason(new RuntimeCamelException(http(400, "{\"errorMessages\":[\"no\"]}"))))
                .endsWith("statusCode: 400: {\"errorMessages\":[\"no\"]}");
        assertThat(failures.reason(new IllegalStateException("no key"))).isEqualTo("no key");
    }

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("http://jira/rest/api/2/issue", status, "status", null, Map.of(), body);
    }
}
