package dev.escalationeda.strategy;

/**
 * The answer to an approval link: an HTML page for the approver's browser, and the stage the
 * decision finished (null when nothing was decided).
 */
public record ApprovalPage(int status, String html, FinishedStage decided) {
}
