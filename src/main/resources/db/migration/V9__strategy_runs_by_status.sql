-- The stage recovery looks every poll for runs in progress whose start event was lost: runs in
-- progress, oldest first, without reading the finished ones.
CREATE INDEX strategy_run_by_status ON strategy_run (status, created_at);
