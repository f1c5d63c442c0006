package dev.escalationeda.strategy;

import java.util.Optional;

import dev.escalationeda.notification.NotificationMessages;
import dev.escalationeda.strategy.definition.ActionKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Header;

/**
 * The approve / reject links of approval stages. Opening a link (GET) only shows what would be
 * decided, because mail scanners open links too; the page's button (POST) decides, once.
 */
@ApplicationScoped
@Named("strategyApprovals")
public class StrategyApprovals {

    private final ApprovalLinks links;
    private final StrategyRunStore store;
    private final StrategyCatalog catalog;
    private final StrategyEngine engine;

    public StrategyApprovals(ApprovalLinks links, StrategyRunStore store, StrategyCatalog catalog, StrategyEngine engine) {
        this.links = links;
        this.store = store;
        this.catalog = catalog;
        this.engine = engine;
    }

    public ApprovalPage confirm(@Header("contextId") String contextId, @Header("stage") String stage, @Header("decision") String decision,
            @Header("signature") String signature) {
        Optional<ApprovalPage> refused = refusal(contextId, stage, decision, signature);
        if (refused.isPresent()) {
            return refused.get();
        }
        String verb = ApprovalLinks.APPROVE.equals(decision) ? "Approve" : "Reject";
        return new ApprovalPage(200, page(verb + " " + stage + "?", "<p>Run " + escape(contextId) + " waits for the decision on stage "
                + escape(stage) + ".</p><form method=\"post\"><button type=\"submit\">" + verb + "</button></form>"), null);
    }

    public ApprovalPage decide(@Header("contextId") String contextId, @Header("stage") String stage, @Header("decision") String decision,
            @Header("signature") String signature) {
        Optional<ApprovalPage> refused = refusal(contextId, stage, decision, signature);
        if (refused.isPresent()) {
            return refused.get();
        }
        boolean approved = ApprovalLinks.APPROVE.equals(decision);
        StageOutcome outcome = approved ? StageOutcome.success(contextId, stage, "approved through the mailed link")
                : StageOutcome.failed(contextId, stage, "rejected through the mailed link");
        FinishedStage finished = engine.finish(outcome);
        if (finished == null) {
            return alreadyDecided(contextId, stage);
        }
        return new ApprovalPage(200, page(approved ? "Approved" : "Rejected", "<p>Stage " + escape(stage) + " of run " + escape(contextId)
                + " is " + (approved ? "approved" : "rejected") + ".</p>"), finished);
    }

    private Optional<ApprovalPage> refusal(String contextId, String stage, String decision, String signature) {
        if (contextId == null || stage == null || !links.verify(contextId, stage, decision, signature)) {
            return Optional.of(new ApprovalPage(403, page("Invalid link", "<p>This link is not valid: use the link from the mail as it is.</p>"),
                    null));
        }
        Optional<StrategyRunStore.StageRow> row = store.stage(contextId, stage);
        boolean approvalStage = row.flatMap(found -> catalog.definition(found.strategy())).flatMap(definition -> definition.stage(stage))
                .map(found -> found.action().kind() == ActionKind.APPROVAL).orElse(false);
        if (!approvalStage) {
            return Optional.of(new ApprovalPage(404, page("Unknown approval", "<p>There is no such approval.</p>"), null));
        }
        if (row.get().state() != StageState.RUNNING) {
            return Optional.of(alreadyDecided(contextId, stage));
        }
        return Optional.empty();
    }

    private ApprovalPage alreadyDecided(String contextId, String stage) {
        String outcome = store.stage(contextId, stage).map(StrategyRunStore.StageRow::outcome).orElse(null);
        return new ApprovalPage(409, page("Already decided", "<p>Stage " + escape(stage) + " of run " + escape(contextId) + " is "
                + (outcome == null ? "not waiting for a decision" : "already decided: " + escape(outcome)) + ".</p>"), null);
    }

    private static String page(String title, String content) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body><h1>"
                + escape(title) + "</h1>" + content + "</body></html>";
    }

    private static String escape(String text) {
        return NotificationMessages.escape(text);
    }
}
