-- Instants, not wall-clock times: replicas in different time zones (or one crossing a daylight-saving
-- change) compared claims and holds written as local times hours apart. The stored local times were
-- written in the session's time zone, which the conversion reads them in.
ALTER TABLE webhook_delivery ALTER COLUMN claimed_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE webhook_delivery ALTER COLUMN delivered_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE tracked_ticket ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE namespace_request ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE namespace_request ALTER COLUMN updated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE namespace_request ALTER COLUMN notified_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE namespace_request ALTER COLUMN worker_lease_until SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE namespace_request ALTER COLUMN ticket_requested_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE request_timeline ALTER COLUMN at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
