-- POST /api/namespace-requests with an Idempotency-Key: the first request with the key creates the
-- request, every later one answers with it. Unique, so that two requests with one key at the same
-- moment, on two replicas, create one.
ALTER TABLE namespace_request ADD COLUMN idempotency_key VARCHAR(200);
CREATE UNIQUE INDEX namespace_request_by_idempotency_key ON namespace_request (idempotency_key);
