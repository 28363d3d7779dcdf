-- Retention and erasure of personal data (docs/privacy.md); see the PostgreSQL migration of the same
-- version for the reasons.
ALTER TABLE jobs ADD COLUMN images_removed_at TEXT;
ALTER TABLE jobs ADD COLUMN images_removed_reason TEXT CHECK (length(images_removed_reason) <= 16);
ALTER TABLE jobs ADD COLUMN personal_removed_at TEXT;
ALTER TABLE jobs ADD COLUMN personal_removed_reason TEXT CHECK (length(personal_removed_reason) <= 16);

CREATE INDEX jobs_images_due ON jobs (partner_id, created_at) WHERE images_removed_at IS NULL;
CREATE INDEX jobs_personal_due ON jobs (partner_id, created_at) WHERE personal_removed_at IS NULL;

CREATE TABLE retention_policies (
    partner_id    INTEGER PRIMARY KEY REFERENCES partners (id),
    images_days   INTEGER NOT NULL,
    personal_days INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE erasure_receipts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    user_id    TEXT NOT NULL CHECK (length(user_id) <= 255),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX erasure_receipts_user ON erasure_receipts (partner_id, user_id, id);

CREATE TABLE privacy_leases (
    id          INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL,
    claimed_by  TEXT CHECK (length(claimed_by) <= 255),
    lease_until TEXT,
    updated_at  TEXT NOT NULL
) STRICT;
