-- Versions of the local-practice settings (domain.md §4). A version is
-- never changed or removed once written: results name the version they used.
CREATE TABLE settings (
    key TEXT NOT NULL,
    version BIGINT NOT NULL,
    value TEXT NOT NULL,
    source TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (key, version)
);
CREATE TRIGGER settings_no_update BEFORE UPDATE ON settings
BEGIN SELECT RAISE(ABORT, 'settings versions are append-only'); END;
CREATE TRIGGER settings_no_delete BEFORE DELETE ON settings
BEGIN SELECT RAISE(ABORT, 'settings versions are append-only'); END;
