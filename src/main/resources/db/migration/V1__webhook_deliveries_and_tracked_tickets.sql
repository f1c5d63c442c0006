-- Jira deliveries: claimed while their events are being sent, delivered once they all went out.
CREATE TABLE webhook_delivery (
    delivery_id  VARCHAR(255) NOT NULL PRIMARY KEY,
    state        VARCHAR(16)  NOT NULL,
    claimed_at   TIMESTAMP    NOT NULL,
    delivered_at TIMESTAMP
);
CREATE INDEX webhook_delivery_delivered_at ON webhook_delivery (delivered_at);

-- Jira issues the service opened itself, so their webhooks become the product's own events.
CREATE TABLE tracked_ticket (
    issue_key  VARCHAR(64)  NOT NULL PRIMARY KEY,
    request_id VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
