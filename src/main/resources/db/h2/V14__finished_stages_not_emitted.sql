-- H2 only. The recovery looks every poll for finished stages whose events have not reached the
-- strategies yet. H2 read every finished stage for that; with this index it reads only those. NULLS
-- LAST keeps the stages that have not finished (no finished_at; a stage that never runs waits for
-- ever) out of the range it reads: H2 puts nulls first otherwise. PostgreSQL has the same index from
-- its own V13 (db/postgresql), where nulls come last anyway.
CREATE INDEX stage_run_by_emission ON stage_run (emitted, finished_at NULLS LAST);
