-- Intake: what the partner sent besides partner params (id_info, flags), and which upload URL
-- generation is current (a retry issues a new URL; older ones stop working).
ALTER TABLE jobs ADD COLUMN inputs ${text};
ALTER TABLE jobs ADD COLUMN upload_generation INTEGER DEFAULT 0 NOT NULL;
