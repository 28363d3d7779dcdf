-- Verdict's schema on SQLite, the embedded default: the PostgreSQL history (db/migration/postgresql)
-- up to V6 in one script; from V7 on, every migration is written once for each database, with the
-- same version. SchemaParityTest holds the two together (tables, columns, nullability, indexes).
--
-- SQLite specifics: STRICT tables, so a value of the wrong type is refused rather than stored;
-- INTEGER PRIMARY KEY AUTOINCREMENT, so an id (and the SmileJobID made from it) is never issued twice,
-- even after a delete; instants as fixed-width UTC ISO-8601 text (see Jdbc), which sorts as time;
-- booleans as 0/1; CHECKs for the lengths PostgreSQL's VARCHAR(n) enforces there.

CREATE TABLE installation (
    id               INTEGER PRIMARY KEY,
    master_key_check BLOB NOT NULL,
    created_at       TEXT NOT NULL
) STRICT;

CREATE TABLE partners (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    name                     TEXT NOT NULL CHECK (length(name) <= 200),
    status                   TEXT NOT NULL CHECK (length(status) <= 16),
    default_callback_url     TEXT CHECK (length(default_callback_url) <= 2048),
    timestamp_window_seconds INTEGER,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
) STRICT;
-- partner ids start at 1001, as on PostgreSQL
INSERT INTO sqlite_sequence (name, seq) VALUES ('partners', 1000);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    ciphertext  BLOB,
    status      TEXT NOT NULL CHECK (length(status) <= 16),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;
CREATE INDEX api_keys_partner ON api_keys (partner_id, status);

CREATE TABLE enrolled_users (
    partner_id       INTEGER NOT NULL REFERENCES partners (id),
    user_id          TEXT NOT NULL CHECK (length(user_id) <= 255),
    status           TEXT NOT NULL CHECK (length(status) <= 16),
    selfie_image_id  TEXT CHECK (length(selfie_image_id) <= 64),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (partner_id, user_id)
) STRICT;

CREATE TABLE jobs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id         INTEGER NOT NULL REFERENCES partners (id),
    user_id            TEXT NOT NULL CHECK (length(user_id) <= 255),
    job_id             TEXT NOT NULL CHECK (length(job_id) <= 255),
    job_type           INTEGER NOT NULL,
    partner_params     TEXT NOT NULL,
    callback_url       TEXT CHECK (length(callback_url) <= 2048),
    source_sdk         TEXT CHECK (length(source_sdk) <= 64),
    source_sdk_version TEXT CHECK (length(source_sdk_version) <= 64),
    key_id             INTEGER,
    state              TEXT NOT NULL CHECK (length(state) <= 16),
    version            INTEGER NOT NULL,
    latest_seq         INTEGER NOT NULL,
    complete           INTEGER NOT NULL,
    success            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    inputs             TEXT,
    upload_generation  INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT jobs_partner_job UNIQUE (partner_id, job_id)
) STRICT;
CREATE INDEX jobs_partner_user ON jobs (partner_id, user_id);

CREATE TABLE result_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    job_pk         INTEGER NOT NULL REFERENCES jobs (id),
    seq            INTEGER NOT NULL,
    result_code    TEXT NOT NULL CHECK (length(result_code) <= 8),
    is_final       INTEGER NOT NULL,
    result_json    TEXT NOT NULL,
    produced_by    TEXT NOT NULL CHECK (length(produced_by) <= 255),
    supersedes_seq INTEGER,
    created_at     TEXT NOT NULL,
    partner_id     INTEGER NOT NULL,
    user_id        TEXT NOT NULL CHECK (length(user_id) <= 255),
    CONSTRAINT result_events_job_seq UNIQUE (job_pk, seq)
) STRICT;
CREATE INDEX result_events_history ON result_events (partner_id, user_id, id);

CREATE TABLE images (
    id           TEXT PRIMARY KEY CHECK (length(id) <= 64),
    job_pk       INTEGER NOT NULL REFERENCES jobs (id),
    kind         TEXT NOT NULL CHECK (length(kind) <= 32),
    content_type TEXT NOT NULL CHECK (length(content_type) <= 64),
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT NOT NULL CHECK (length(sha256) <= 64),
    storage_key  TEXT NOT NULL CHECK (length(storage_key) <= 255),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX images_job ON images (job_pk, kind);

CREATE TABLE image_blobs (
    image_id TEXT PRIMARY KEY CHECK (length(image_id) <= 64),
    data     BLOB NOT NULL
) STRICT;

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor_type TEXT NOT NULL CHECK (length(actor_type) <= 16),
    actor_id   TEXT NOT NULL CHECK (length(actor_id) <= 255),
    action     TEXT NOT NULL CHECK (length(action) <= 64),
    partner_id INTEGER,
    job_pk     INTEGER,
    image_id   TEXT CHECK (length(image_id) <= 64),
    detail     TEXT CHECK (length(detail) <= 1000)
) STRICT;
CREATE INDEX audit_events_job ON audit_events (job_pk);

CREATE TABLE work_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    job_pk       INTEGER NOT NULL REFERENCES jobs (id),
    job_type     INTEGER NOT NULL,
    available_at TEXT NOT NULL,
    claimed_by   TEXT CHECK (length(claimed_by) <= 255),
    lease_until  TEXT,
    attempts     INTEGER NOT NULL,
    done         INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX work_items_ready ON work_items (done, available_at);
CREATE INDEX work_items_job ON work_items (job_pk);

CREATE TABLE webhook_secrets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    ciphertext  BLOB,
    status      TEXT NOT NULL CHECK (length(status) <= 16),
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;
CREATE INDEX webhook_secrets_partner ON webhook_secrets (partner_id, status);

CREATE TABLE callback_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id         INTEGER NOT NULL REFERENCES result_events (id),
    job_pk           INTEGER NOT NULL REFERENCES jobs (id),
    seq              INTEGER NOT NULL,
    is_final         INTEGER NOT NULL,
    target_url       TEXT NOT NULL CHECK (length(target_url) <= 2048),
    webhook_id       TEXT NOT NULL CHECK (length(webhook_id) <= 64),
    state            TEXT NOT NULL CHECK (length(state) <= 16),
    attempts         INTEGER NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    window_start     TEXT NOT NULL,
    claimed_by       TEXT CHECK (length(claimed_by) <= 255),
    lease_until      TEXT,
    last_status_code INTEGER,
    last_error       TEXT CHECK (length(last_error) <= 500),
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    delivered_at     TEXT,
    CONSTRAINT callback_deliveries_event_target UNIQUE (event_id, target_url)
) STRICT;
CREATE INDEX callback_deliveries_due ON callback_deliveries (state, next_attempt_at);
CREATE INDEX callback_deliveries_job ON callback_deliveries (job_pk, target_url, seq);

CREATE TABLE callback_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  INTEGER NOT NULL REFERENCES callback_deliveries (id),
    attempt      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    status_code  INTEGER,
    error        TEXT CHECK (length(error) <= 500),
    duration_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX callback_attempts_delivery ON callback_attempts (delivery_id);
