-- History reads every event of one partner's user, newest first. Carrying the partner and user on
-- the (append-only) event lets one index range scan answer it in order, however many jobs and events
-- the service holds; joining through jobs made the database walk all events backwards instead.
ALTER TABLE result_events ADD COLUMN partner_id BIGINT;
ALTER TABLE result_events ADD COLUMN user_id VARCHAR(255);
UPDATE result_events SET partner_id = (SELECT j.partner_id FROM jobs j WHERE j.id = result_events.job_pk),
    user_id = (SELECT j.user_id FROM jobs j WHERE j.id = result_events.job_pk);
ALTER TABLE result_events ALTER COLUMN partner_id SET NOT NULL;
ALTER TABLE result_events ALTER COLUMN user_id SET NOT NULL;
CREATE INDEX result_events_history ON result_events (partner_id, user_id, id);
