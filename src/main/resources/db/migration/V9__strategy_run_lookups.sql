-- The stage recovery looks every poll for runs in progress whose start event was lost: runs in
-- progress, oldest first, without reading the finished ones.
CREATE INDEX strategy_run_by_status ON strategy_run (status, created_at);
-- A repeated Idempotency-Key finds its run whatever strategy the repeat names.
CREATE INDEX strategy_run_by_cause ON strategy_run (cause);
