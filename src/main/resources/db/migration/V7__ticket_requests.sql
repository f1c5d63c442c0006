-- When the service first asked Jira to open the request's approval issue. Jira's create is not
-- idempotent: a later attempt (a retry after a timeout, or a replica taking the request over from one
-- that died) first looks for the issue an earlier one may have opened.
ALTER TABLE namespace_request ADD COLUMN ticket_requested_at TIMESTAMP;
