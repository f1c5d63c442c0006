package dev.escalationeda.strategy;

import java.util.List;

import dev.escalationeda.notification.MailConfig;
import dev.escalationeda.notification.Notification;
import dev.escalationeda.strategy.definition.Templates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** The mail of an approval stage: what is to be approved, and the signed approve and reject links. */
@ApplicationScoped
@Named("approvalMails")
public class ApprovalMails {

    private final ApprovalLinks links;
    private final MailConfig mail;

    public ApprovalMails(ApprovalLinks links, MailConfig mail) {
        this.links = links;
        this.mail = mail;
    }

    public Notification compose(StageWork work) {
        String approvers = Templates.render(work.action().setting("approvers"), work.variables()::get);
        String subjectTemplate = work.action().setting("subject");
        String subject = subjectTemplate == null
                ? "Approval needed: " + work.stage() + " of strategy " + work.strategy()
                : Templates.render(subjectTemplate, work.variables()::get);
        String approve = links.link(work.contextId(), work.stage(), ApprovalLinks.APPROVE);
        String reject = links.link(work.contextId(), work.stage(), ApprovalLinks.REJECT);
        String text = "Stage " + work.stage() + " of run " + work.contextId() + " (strategy " + work.strategy()
                + ") waits for your decision. Approve: " + approve + " Reject: " + reject;
        String domain = mail.from().substring(mail.from().indexOf('@') + 1);
        return new Notification(approvers, List.of(), subject, text, "normal", approve,
                "<approval." + work.contextId() + "." + work.stage().replaceAll("[^A-Za-z0-9._-]", "-") + "@" + domain + ">");
    }
}
