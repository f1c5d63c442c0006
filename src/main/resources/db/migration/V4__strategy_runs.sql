-- Runs of delivery strategies. A run and all of its stage rows are written together when it starts.
CREATE TABLE strategy_run (
    context_id  VARCHAR(36)    PRIMARY KEY,
    strategy    VARCHAR(200)   NOT NULL,
    -- in-progress, success, failed
    status      VARCHAR(16)    NOT NULL,
    -- "<source> <id>" of the event that started it (null when started through the API): the same
    -- event delivered twice starts one run
    cause       VARCHAR(1000),
    -- JSON object: variable name -> value
    variables   VARCHAR(65535) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT strategy_run_once_per_event UNIQUE (strategy, cause)
);
CREATE INDEX strategy_run_by_strategy ON strategy_run (strategy, created_at);
CREATE INDEX strategy_run_by_created ON strategy_run (created_at);

-- One row per stage of a run. waiting -> running (exactly one UPDATE wins) -> success | failed.
CREATE TABLE stage_run (
    context_id  VARCHAR(36)   NOT NULL REFERENCES strategy_run (context_id),
    stage       VARCHAR(200)  NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE,
    finished_at TIMESTAMP WITH TIME ZONE,
    -- Success or Failed, the stage's $stage_status
    outcome     VARCHAR(16),
    detail      VARCHAR(2000),
    -- a running stage whose lease has run out (its replica died mid-action) is started again;
    -- null while the stage waits for something outside (a PipelineRun, an approval, a report)
    lease_until TIMESTAMP WITH TIME ZONE,
    -- the finished stage's events have reached the strategies of this service
    emitted     BOOLEAN       NOT NULL DEFAULT FALSE,
    PRIMARY KEY (context_id, stage)
);
CREATE INDEX stage_run_by_state ON stage_run (state, lease_until);

-- Each trigger of a stage seen for a run, once: a second delivery of the same trigger is a duplicate.
CREATE TABLE stage_trigger_seen (
    context_id    VARCHAR(36)  NOT NULL,
    stage         VARCHAR(200) NOT NULL,
    trigger_index INT          NOT NULL,
    event_id      VARCHAR(1000) NOT NULL,
    seen_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (context_id, stage, trigger_index)
);

-- The AND-join Aggregator's repository (camel-sql JdbcAggregationRepository layout): one row per
-- stage of a run that has seen some but not all of its triggers.
CREATE TABLE stage_trigger_join (
    id       VARCHAR(300) PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);
CREATE TABLE stage_trigger_join_completed (
    id       VARCHAR(300) PRIMARY KEY,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL
);

-- Keys the service generates for itself and shares between its replicas (approval link signatures).
CREATE TABLE signing_key (
    name   VARCHAR(100) PRIMARY KEY,
    secret VARCHAR(200) NOT NULL
);
