package dev.escalationeda.strategy;

/**
 * How a stage of a run ended.
 *
 * @param status Success or Failed: the stage's {@code $stage_status}
 * @param detail what decided it, for the run's status (the PipelineRun, the HTTP answer, the approver)
 */
public record StageOutcome(String contextId, String stage, String status, String detail) {

    public static final String SUCCESS = "Success";
    public static final String FAILED = "Failed";

    public static StageOutcome success(String contextId, String stage, String detail) {
        return new StageOutcome(contextId, stage, SUCCESS, detail);
    }

    public static StageOutcome failed(String contextId, String stage, String detail) {
        return new StageOutcome(contextId, stage, FAILED, detail);
    }

    public StageState state() {
        return SUCCESS.equals(status) ? StageState.SUCCESS : StageState.FAILED;
    }
}
