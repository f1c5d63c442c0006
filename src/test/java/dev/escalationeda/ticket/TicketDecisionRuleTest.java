package dev.escalationeda.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.escalationeda.webhook.JiraIssueEvent;
import org.junit.jupiter.api.Test;

class TicketDecisionRuleTest {

    @Test
    void byResolutionADoneIssueIsApprovedOnlyWithAnApprovingResolution() {
        TicketDecisionRule rule = new TicketDecisionRule(config(ApprovalConfig.Rule.RESOLUTION));
        assertThat(rule.decide(issue("done", "Done"))).isEqualTo(TicketDecision.APPROVED);
        assertThat(rule.decide(issue("done", "done"))).isEqualTo(TicketDecision.APPROVED);
        assertThat(rule.decide(issue("done", "Won't Do"))).isEqualTo(TicketDecision.DENIED);
        assertThat(rule.decide(issue("done", null))).isEqualTo(TicketDecision.DENIED);
        assertThat(rule.decide(issue("indeterminate", "Done"))).isEqualTo(TicketDecision.UPDATED);
        assertThat(rule.decide(issue(null, null))).isEqualTo(TicketDecision.UPDATED);
    }

    @Test
    void byLabelsTheDeniedLabelWins() {
        TicketDecisionRule rule = new TicketDecisionRule(config(ApprovalConfig.Rule.LABELS));
        assertThat(rule.decide(labelled("approved"))).isEqualTo(TicketDecision.APPROVED);
        assertThat(rule.decide(labelled("denied"))).isEqualTo(TicketDecision.DENIED);
        assertThat(rule.decide(labelled("approved", "denied"))).isEqualTo(TicketDecision.DENIED);
        assertThat(rule.decide(labelled("other"))).isEqualTo(TicketDecision.UPDATED);
    }

    @Test
    void theGroundsOfADecisionAreWhatTheRuleRead() {
        assertThat(new TicketDecisionRule(config(ApprovalConfig.Rule.RESOLUTION)).grounds(issue("done", "Won't Do")))
                .isEqualTo("resolution Won't Do");
        assertThat(new TicketDecisionRule(config(ApprovalConfig.Rule.RESOLUTION)).grounds(issue("done", null)))
                .isEqualTo("no resolution");
        assertThat(new TicketDecisionRule(config(ApprovalConfig.Rule.LABELS)).grounds(labelled("approved", "denied")))
                .isEqualTo("label denied, status Open");
    }

    private static JiraIssueEvent issue(String statusCategory, String resolution) {
        return new JiraIssueEvent("d", "jira:issue_updated", "REQ-1", List.of(), "Status", statusCategory, resolution);
    }

    private static JiraIssueEvent labelled(String... labels) {
        return new JiraIssueEvent("d", "jira:issue_updated", "REQ-1", List.of(labels), "Open", "new", null);
    }

    private static ApprovalConfig config(ApprovalConfig.Rule rule) {
        return new ApprovalConfig() {
            @Override
            public Rule rule() {
                return rule;
            }

            @Override
            public List<String> approvedResolutions() {
                return List.of("Done");
            }

            @Override
            public String approvedLabel() {
                return "approved";
            }

            @Override
            public String deniedLabel() {
                return "denied";
            }
        };
    }
}
