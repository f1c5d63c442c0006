-- A run started through the API with an Idempotency-Key: the key starts one run whatever strategy
-- its requests name. strategy_run's UNIQUE (strategy, cause) allows one run per strategy, as one
-- event may start runs of several, so two requests with one key naming two strategies at the same
-- moment both started a run. A key's run is still found by its cause (index strategy_run_by_cause):
-- so are the runs that replicas of the previous version start during a rolling update.
CREATE TABLE strategy_run_idempotency_key (
    -- the run's cause, "<api> " and the key
    cause      VARCHAR(1000) PRIMARY KEY,
    context_id VARCHAR(36)   NOT NULL REFERENCES strategy_run (context_id)
);
-- The run each key answered with so far, its first; where two runs started together, the lesser id.
INSERT INTO strategy_run_idempotency_key (cause, context_id)
    SELECT r.cause, MIN(r.context_id) FROM strategy_run r
    WHERE r.cause LIKE '<api> %'
        AND r.created_at = (SELECT MIN(o.created_at) FROM strategy_run o WHERE o.cause = r.cause)
    GROUP BY r.cause;
