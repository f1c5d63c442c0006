-- A run started through the API with an Idempotency-Key: the key starts one run whatever strategy
-- its requests name. strategy_run's UNIQUE (strategy, cause) allows one run per strategy, as one
-- event may start runs of several, so two requests with one key naming two strategies at the same
-- moment both started a run.
CREATE TABLE strategy_run_idempotency_key (
    -- the run's cause, "<api> " and the key
    cause      VARCHAR(1000) PRIMARY KEY,
    context_id VARCHAR(36)   NOT NULL REFERENCES strategy_run (context_id)
);
-- Where such a race left two runs, the key keeps answering with one of them.
INSERT INTO strategy_run_idempotency_key (cause, context_id)
    SELECT cause, MIN(context_id) FROM strategy_run WHERE cause LIKE '<api> %' GROUP BY cause;
-- Nothing looks a run up by its cause alone any more.
DROP INDEX strategy_run_by_cause;
