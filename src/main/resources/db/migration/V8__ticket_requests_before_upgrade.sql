-- Requests still waiting for their approval issue may have had an attempt in flight while the service
-- was upgraded to record attempts (V7): their next attempt looks for the issue first.
UPDATE namespace_request SET ticket_requested_at = updated_at WHERE status = 'pending-approval' AND ticket_key IS NULL;
