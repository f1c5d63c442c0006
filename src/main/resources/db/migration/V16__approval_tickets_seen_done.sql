-- Whether a webhook or search showed the request's approval issue done (status category): a
-- provisioned request's issue is transitioned to done (JIRA_DONE_TRANSITION_ID) only when it was not.
ALTER TABLE namespace_request ADD COLUMN ticket_done BOOLEAN DEFAULT FALSE NOT NULL;
