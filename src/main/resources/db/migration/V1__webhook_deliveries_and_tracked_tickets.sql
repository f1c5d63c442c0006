-- Deliveries already turned into events, for Camel's JDBC idempotent repository
-- (the table and column names are the ones JdbcMessageIdRepository uses).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(255) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

-- Jira issues the service opened itself, so their webhooks become the product's own events.
CREATE TABLE tracked_ticket (
    issue_key  VARCHAR(64)  NOT NULL PRIMARY KEY,
    request_id VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
