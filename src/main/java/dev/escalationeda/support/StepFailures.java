package dev.escalationeda.support;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.escalationeda.persistence.ColumnText;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The failures of a call to another system in a request's step or a strategy stage's action: which
 * are worth retrying (no answer, the other system overloaded or down, SMTP failures but refused
 * credentials), and the reason the request or stage fails with. A refusal (Jira rejecting the
 * issue's fields, Kubernetes forbidding the namespace or the PipelineRun, Backstage rejecting the
 * token) would only be refused again, so the work fails at once and says what the other system
 * answered.
 */
@ApplicationScoped
@Named("stepFailures")
public class StepFailures {

    /** How much of another system's answer a reason quotes. */
    private static final int MAX_ANSWER_LENGTH = 500;

    /** Whether the failure, or one of its causes, is one that a later attempt may not meet. */
    public boolean isTransient(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return isTransient(http.getStatusCode());
            }
            if (cause instanceof KubernetesClientException kubernetes) {
                // no status code: the API server did not answer
                return kubernetes.getCode() <= 0 || isTransient(kubernetes.getCode());
            }
            // an answer that is not the JSON asked for (a login page in front of Jira), or SMTP credentials refused
            if (cause instanceof JsonProcessingException || cause instanceof AuthenticationFailedException) {
                return false;
            }
            if (cause instanceof IOException || cause instanceof MessagingException) {
                return true;
            }
        }
        return false;
    }

    /** The failure's message, with the answer of the HTTP call that failed (Jira's and Backstage's say what was wrong). */
    public String reason(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http && http.getResponseBody() != null
                    && !http.getResponseBody().isBlank()) {
                return http.getMessage() + ": " + ColumnText.fit(http.getResponseBody().strip(), MAX_ANSWER_LENGTH);
            }
        }
        return failure.getMessage();
    }

    /** Whether an HTTP answer with {@code status} may be different later: a server error, a timeout, too many requests. */
    public static boolean isTransient(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}
