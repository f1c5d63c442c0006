package dev.escalationeda.jira;

import java.net.URLEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.escalation.EscalationNotice;
import dev.escalationeda.notification.NotificationMessages;
import dev.escalationeda.request.NamespaceRequest;
import dev.escalationeda.request.Ticket;
import dev.escalationeda.support.OutgoingMessages;
import dev.escalationeda.ticket.ApprovalConfig;
import dev.escalationeda.ticket.TrackedTickets;
import dev.escalationeda.webhook.JiraIssueEvent;
import dev.escalationeda.webhook.JiraWebhookParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Variable;

/**
 * Jira REST API v2 calls as HTTP messages (documented payloads of {@code POST /rest/api/2/issue},
 * {@code /issue/{key}/comment} and {@code /issue/{key}/transitions}, and the issue search); camel-http
 * sends them.
 */
@ApplicationScoped
@Named("jiraRequests")
public class JiraRequests {

    /** The fields a search asks for: what the approval rule reads, for a decision made before the service found the issue. */
    private static final String SEARCH_FIELDS = "labels,status,resolution";

    private final JiraConfig config;
    private final ApprovalConfig approval;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public JiraRequests(JiraConfig config, ApprovalConfig approval, ObjectMapper objectMapper, Clock clock) {
        this.config = config;
        this.approval = approval;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    public void createIssue(Exchange exchange, @Variable("request") NamespaceRequest request) throws JsonProcessingException {
        Map<String, Object> fields = Map.of(
                "project", Map.of("key", config.project()),
                "issuetype", config.issueType().chars().allMatch(Character::isDigit)
                        ? Map.of("id", config.issueType()) : Map.of("name", config.issueType()),
                "summary", "Namespace request: " + request.namespace(),
                "description", "Namespace: " + request.namespace() + "\nSize: " + request.size()
                        + "\nRequester: " + request.requester()
                        + "\nReason: " + (request.reason() == null ? "-" : request.reason())
                        + "\n\n" + howToDecide(),
                "labels", List.of("escalation-eda", TrackedTickets.REQUEST_LABEL_PREFIX + request.id()));
        write(exchange.getMessage(), "/rest/api/2/issue", Map.of("fields", fields));
    }

    /**
     * Looks for the request's approval issue by its label, oldest first: Jira Cloud's search
     * ({@code GET /rest/api/2/search/jql}).
     */
    public void searchIssue(Exchange exchange, @Variable("request") NamespaceRequest request) {
        search(exchange.getMessage(), "/rest/api/2/search/jql", request);
    }

    /** How long to wait before searching for the issue an attempt at {@code attempt} may have opened, for the search to show it. */
    public long millisUntilSearchable(Instant attempt) {
        return Math.max(0, Duration.between(clock.instant(), attempt.plus(config.searchSettle())).toMillis());
    }

    /** The same search on Jira Data Center, which has no {@code /search/jql} ({@code GET /rest/api/2/search}). */
    public void searchIssueOnDataCenter(Exchange exchange, @Variable("request") NamespaceRequest request) {
        search(exchange.getMessage(), "/rest/api/2/search", request);
    }

    /** The outcome of the request, as a comment on its ticket. */
    public void comment(Exchange exchange, @Variable("request") NamespaceRequest request) throws JsonProcessingException {
        String text = "Escalation EDA: request " + request.id() + " is " + request.status().value() + ". "
                + request.result().result().message();
        write(exchange.getMessage(), "/rest/api/2/issue/" + request.ticket().key() + "/comment", Map.of("body", text));
    }

    /** Tells the ticket's watchers that its approval was escalated. */
    public void escalationComment(Exchange exchange, @Variable("escalation") EscalationNotice escalation) throws JsonProcessingException {
        String text = "Escalation EDA: this approval has waited " + NotificationMessages.duration(escalation.waited())
                + "; escalated (level " + escalation.level() + ") to " + String.join(", ", escalation.to()) + ".";
        write(exchange.getMessage(), "/rest/api/2/issue/" + escalation.request().ticket().key() + "/comment", Map.of("body", text));
    }

    public void transitionToDone(Exchange exchange, @Variable("request") NamespaceRequest request) throws JsonProcessingException {
        write(exchange.getMessage(), "/rest/api/2/issue/" + request.ticket().key() + "/transitions",
                Map.of("transition", Map.of("id", config.doneTransitionId().orElseThrow())));
    }

    public boolean configured() {
        return config.configured();
    }

    /** Whether provisioned requests also get their ticket moved to done (a transition id is configured). */
    public boolean closesTickets() {
        return config.doneTransitionId().isPresent();
    }

    /** The issue Jira created, from its answer ({@code {"id","key","self"}}). */
    public Ticket createdTicket(String response) throws JsonProcessingException {
        JsonNode created = objectMapper.readTree(response);
        String key = created.path("key").asText();
        if (key.isEmpty()) {
            throw new IllegalStateException("Jira's answer carries no issue key: " + response);
        }
        return ticket(key);
    }

    /**
     * The first issue of a search's answer ({@code {"issues":[{"key","fields":{...}}]}}) with the
     * state the approval rule reads, or null when it found none.
     */
    public JiraIssueEvent foundIssue(String response) throws JsonProcessingException {
        JsonNode issues = objectMapper.readTree(response).path("issues");
        if (!issues.isArray()) {
            throw new IllegalStateException("Jira's search answer carries no issues: " + response);
        }
        if (issues.isEmpty()) {
            return null;
        }
        JiraIssueEvent issue = JiraWebhookParser.issue(null, null, issues.get(0));
        if (issue.issueKey() == null) {
            throw new IllegalStateException("Jira's search answer carries no issue key: " + response);
        }
        return issue;
    }

    /** The ticket of the issue a search found, or null when it found none. */
    public Ticket foundTicket(@Variable("foundIssue") JiraIssueEvent issue) {
        return issue == null ? null : ticket(issue.issueKey());
    }

    private Ticket ticket(String key) {
        return new Ticket(key, base() + "/browse/" + key);
    }

    /** Tells the approver how the configured approval rule reads the issue. */
    private String howToDecide() {
        return switch (approval.rule()) {
            case RESOLUTION -> "Approve by moving this issue to a done status with the resolution "
                    + String.join(" or ", approval.approvedResolutions()) + "; any other resolution denies the request.";
            case LABELS -> "Approve by adding the label '" + approval.approvedLabel() + "', deny with the label '"
                    + approval.deniedLabel() + "'.";
        };
    }

    private void search(Message message, String path, NamespaceRequest request) {
        call(message, "GET", path);
        String jql = "labels = \"" + TrackedTickets.REQUEST_LABEL_PREFIX + request.id() + "\" ORDER BY created ASC";
        message.setHeader(Exchange.HTTP_QUERY, "jql=" + URLEncoder.encode(jql, StandardCharsets.UTF_8)
                + "&fields=" + SEARCH_FIELDS + "&maxResults=1");
        message.setBody(null);
    }

    private void write(Message message, String path, Object body) throws JsonProcessingException {
        call(message, "POST", path);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(objectMapper.writeValueAsBytes(body));
    }

    private void call(Message message, String method, String path) {
        OutgoingMessages.clearHeaders(message);
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setHeader("Accept", "application/json");
        message.setHeader("Authorization", authorization());
    }

    private String authorization() {
        String token = config.apiToken().orElseThrow(() -> new IllegalStateException("JIRA_API_TOKEN is not set"));
        return config.username()
                .map(user -> "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)))
                .orElse("Bearer " + token);
    }

    private String base() {
        String url = config.url().orElseThrow(() -> new IllegalStateException("JIRA_URL is not set"));
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
