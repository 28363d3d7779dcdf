-- Operators: the people who review jobs and administer Verdict through the console (the same
-- schema as postgresql/V7__operators.sql). Passwords are Argon2id PHC strings; a run of wrong
-- passwords locks an account until locked_until.
CREATE TABLE operators (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL CHECK (length(name) <= 64),
    role            TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    password_hash   TEXT NOT NULL CHECK (length(password_hash) <= 255),
    active          INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT operators_name UNIQUE (name)
) STRICT;

-- Console sessions, keyed by the SHA-256 of the session token (hex): the token itself is never
-- stored. Kept in the database so that a sign-out ends the session everywhere.
CREATE TABLE operator_sessions (
    token_hash   TEXT PRIMARY KEY CHECK (length(token_hash) <= 64),
    operator_id  INTEGER NOT NULL REFERENCES operators (id),
    csrf_token   TEXT NOT NULL CHECK (length(csrf_token) <= 64),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at     TEXT
) STRICT;
CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id);
