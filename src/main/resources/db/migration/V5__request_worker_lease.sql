-- The replica working on a request holds it until this time (null: nobody), so that two replicas
-- never run one request's steps side by side, and a request whose replica died is taken up again.
ALTER TABLE namespace_request ADD COLUMN worker_lease_until TIMESTAMP;
