-- Platform spine: org units, users and scopes, sessions, tokens, audit, persons.
-- Timestamps are UTC Unix milliseconds; dates of legal events are calendar dates.

CREATE TABLE org_units (
    id INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES org_units(id),
    level TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    password_changed_at BIGINT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    totp_secret BLOB,
    totp_last_step BIGINT,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    disabled BOOLEAN NOT NULL DEFAULT 0,
    locale TEXT NOT NULL DEFAULT 'zh',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX users_org_unit ON users(org_unit_id);

CREATE TABLE user_scopes (
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    PRIMARY KEY (user_id, kind, org_unit_id)
);

CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users(id),
    code_hash BLOB NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    token_hash BLOB NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    stage TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    pending_secret BLOB,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE audit_log (
    seq BIGINT NOT NULL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_user_id BIGINT,
    actor_username TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    actor_org_unit_id BIGINT,
    client_addr TEXT NOT NULL,
    request_id TEXT NOT NULL,
    event TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_username, at);
CREATE INDEX audit_log_event ON audit_log(event, at);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);

-- Append-only at database level: nobody, the application included, can
-- change or remove an audit entry (security.md).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- INSERT OR REPLACE removes the conflicting row without firing delete
-- triggers (recursive_triggers is off), so no insert may reuse a stored seq.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE persons (
    id TEXT NOT NULL PRIMARY KEY,
    county_code TEXT NOT NULL,
    org_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    id_number_enc BLOB NOT NULL,
    id_number_bidx BLOB NOT NULL UNIQUE,
    phone_enc BLOB,
    household_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    household_address_enc BLOB,
    residence_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    residence_grid_id BIGINT REFERENCES org_units(id),
    residence_address_enc BLOB,
    first_reg_unit_id BIGINT NOT NULL REFERENCES org_units(id),
    first_reg_officer TEXT NOT NULL,
    first_reg_date TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX persons_org_unit ON persons(org_unit_id, name);
CREATE INDEX persons_name ON persons(name);
CREATE INDEX persons_county ON persons(county_code);
