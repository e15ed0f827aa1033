-- Versions of the local-practice settings (domain.md §4). A version is
-- never changed or removed once written: results name the version they used.
CREATE TABLE settings (
    key TEXT NOT NULL,
    version BIGINT NOT NULL,
    value TEXT NOT NULL,
    source TEXT NOT NULL,
    effective_date DATE NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (key, version)
);
CREATE FUNCTION settings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'settings versions are append-only';
END;
$$;
CREATE TRIGGER settings_no_update BEFORE UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION settings_append_only();
