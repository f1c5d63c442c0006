-- PostgreSQL only. A row's conditional change names its key and the state it expects (UPDATE stage_run
-- ... WHERE context_id = ? AND stage = ? AND state = ?; UPDATE namespace_request ... WHERE id = ? AND
-- status = ?). An index that led with that state competed with the primary key: on a table without
-- statistics yet (a new database, before its first ANALYZE) PostgreSQL planned the change as a scan of
-- every row in the state, and kept the plan for the connection, so that each change read hundreds of
-- pages. The indexes below start with something a change does not name, and a change finds its row by
-- the primary key whatever the statistics. H2 finds such a row by its primary key anyway, and its
-- planner, which does not weigh ranges, needs the state first to find the recovery's stages: it keeps
-- the indexes of V4 and V2.

DROP INDEX stage_run_by_state;
-- running stages whose lease ran out (only a running stage has a lease), and running stages waiting
-- for something outside (no lease)
CREATE INDEX stage_run_by_lease ON stage_run (lease_until, state);
-- finished stages whose events have not reached the strategies yet: the recovery no longer reads
-- every finished stage each poll
CREATE INDEX stage_run_by_emission ON stage_run (emitted, finished_at);

DROP INDEX namespace_request_status;
-- requests newest first, of a status or of all
CREATE INDEX namespace_request_by_created ON namespace_request (created_at, status);
