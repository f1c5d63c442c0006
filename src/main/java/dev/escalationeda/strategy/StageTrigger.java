package dev.escalationeda.strategy;

/** One trigger of a stage with several (an AND-join) seen for a run: what the Aggregator collects. */
public record StageTrigger(String contextId, String strategy, String stage, int index) {

    /** The Aggregator's correlation key: the stage of the run. */
    public String joinKey() {
        return contextId + "/" + stage;
    }
}
