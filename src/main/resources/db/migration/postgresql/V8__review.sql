-- Human review (DESIGN §10). A reviewer's claim on a job awaiting review: one row per claimed job, so
-- "one job, one reviewer" is the primary key; a claim whose lease has run out no longer counts and is
-- replaced by the next claim. Decisions themselves are result events (an operator as producer).
CREATE TABLE review_claims (
    job_pk      BIGINT PRIMARY KEY REFERENCES jobs (id),
    operator    VARCHAR(255) NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The review queue: jobs awaiting review, oldest first by the time of their latest (provisional)
-- result, which is when the job last changed. Partial, so it holds only the queue itself.
CREATE INDEX jobs_in_review ON jobs (updated_at, id) WHERE state = 'IN_REVIEW';

-- The audit log read by operator and by action, newest first.
CREATE INDEX audit_events_actor ON audit_events (actor_id, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
