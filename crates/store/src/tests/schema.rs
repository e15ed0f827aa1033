//! The two migration sets produce the same schema, SQLite runs with the
//! durability settings of architecture §2, and migrations are idempotent.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::Sqlite;

use super::harness::{TestCtx, backends, each_backend};
use crate::db::{Backend, Db, Q};
use crate::migrate::migrate;

/// A column's normalised type and whether it accepts NULL.
type Columns = BTreeMap<String, (String, bool)>;

/// What must match between the backends.
#[derive(Debug, Default, PartialEq)]
struct Schema {
    tables: BTreeMap<String, Columns>,
    /// Explicitly created indexes: name → (table, columns, unique).
    indexes: BTreeMap<String, (String, Vec<String>, bool)>,
    /// Primary keys and unique constraints: (table, columns).
    unique_keys: BTreeSet<(String, Vec<String>)>,
    /// (table, column, referenced table).
    foreign_keys: BTreeSet<(String, String, String)>,
}

/// SQLite's declared types. INTEGER and BIGINT are the same 64-bit integer
/// there; calendar dates are ISO text in columns named `*_date`.
fn sqlite_type(column: &str, declared: &str) -> String {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" | "BIGINT" => "int".into(),
        "TEXT" if column.ends_with("_date") => "date".into(),
        "TEXT" => "text".into(),
        "BLOB" => "bytes".into(),
        "BOOLEAN" => "bool".into(),
        other => format!("unexpected {other}"),
    }
}

/// PostgreSQL's types. Only `bigint` maps to int: a 32-bit `integer` would
/// not decode into the i64 every repository reads.
fn pg_type(data_type: &str) -> String {
    match data_type {
        "bigint" => "int".into(),
        "text" => "text".into(),
        "bytea" => "bytes".into(),
        "boolean" => "bool".into(),
        "date" => "date".into(),
        other => format!("unexpected {other}"),
    }
}

fn split_cols(s: &str) -> Vec<String> {
    s.split(',').map(str::to_string).collect()
}

async fn sqlite_schema(db: &Db) -> Schema {
    let mut s = Schema::default();
    let tables = db
        .fetch_all(Q::new(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        ))
        .await
        .unwrap();
    for t in tables {
        let table = t.text("name").unwrap();
        let cols = db
            .fetch_all(Q::new("SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info($1) ORDER BY cid").bind(&table))
            .await
            .unwrap();
        let pk_cols: Vec<(i64, String)> = cols
            .iter()
            .filter(|c| c.i64("pk").unwrap() > 0)
            .map(|c| (c.i64("pk").unwrap(), c.text("name").unwrap()))
            .collect();
        let mut columns = Columns::new();
        for c in &cols {
            let name = c.text("name").unwrap();
            let declared = c.text("type").unwrap();
            // Only a lone INTEGER PRIMARY KEY (the rowid) is implicitly NOT
            // NULL; any other SQLite primary key column accepts NULL unless
            // declared NOT NULL.
            let rowid = pk_cols.len() == 1
                && c.i64("pk").unwrap() == 1
                && declared.eq_ignore_ascii_case("INTEGER");
            let nullable = c.i64("nn").unwrap() == 0 && !rowid;
            columns.insert(name.clone(), (sqlite_type(&name, &declared), nullable));
        }
        let mut pk = pk_cols;
        pk.sort();
        if !pk.is_empty() {
            s.unique_keys
                .insert((table.clone(), pk.into_iter().map(|(_, n)| n).collect()));
        }
        let idx = db
            .fetch_all(
                Q::new("SELECT name, \"unique\" AS uniq, origin FROM pragma_index_list($1)")
                    .bind(&table),
            )
            .await
            .unwrap();
        for i in idx {
            let name = i.text("name").unwrap();
            let unique = i.i64("uniq").unwrap() == 1;
            let cols: Vec<String> = db
                .fetch_all(
                    Q::new("SELECT name FROM pragma_index_info($1) ORDER BY seqno").bind(&name),
                )
                .await
                .unwrap()
                .iter()
                .map(|r| r.text("name").unwrap())
                .collect();
            if unique {
                s.unique_keys.insert((table.clone(), cols.clone()));
            }
            if i.text("origin").unwrap() == "c" {
                s.indexes.insert(name, (table.clone(), cols, unique));
            }
        }
        let fks = db
            .fetch_all(
                Q::new(
                    "SELECT \"from\" AS col, \"table\" AS reftbl FROM pragma_foreign_key_list($1)",
                )
                .bind(&table),
            )
            .await
            .unwrap();
        for f in fks {
            s.foreign_keys.insert((
                table.clone(),
                f.text("col").unwrap(),
                f.text("reftbl").unwrap(),
            ));
        }
        s.tables.insert(table, columns);
    }
    s
}

async fn pg_schema(db: &Db) -> Schema {
    let mut s = Schema::default();
    let tables = db
        .fetch_all(Q::new(
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        ))
        .await
        .unwrap();
    for t in tables {
        let table = t.text("name").unwrap();
        let cols = db
            .fetch_all(
                Q::new("SELECT column_name::text AS name, data_type::text AS type, is_nullable::text AS nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1")
                    .bind(&table),
            )
            .await
            .unwrap();
        let columns = cols
            .iter()
            .map(|c| {
                let nullable = c.text("nullable").unwrap() == "YES";
                (
                    c.text("name").unwrap(),
                    (pg_type(&c.text("type").unwrap()), nullable),
                )
            })
            .collect();
        s.tables.insert(table, columns);
    }
    let idx = db
        .fetch_all(Q::new(
            "SELECT i.relname::text AS name, t.relname::text AS tbl, x.indisunique AS uniq, \
             EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u')) AS backs_constraint, \
             array_to_string(ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
                 JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ',') AS cols \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'",
        ))
        .await
        .unwrap();
    for i in idx {
        let table = i.text("tbl").unwrap();
        let cols = split_cols(&i.text("cols").unwrap());
        let unique = i.bool("uniq").unwrap();
        if unique {
            s.unique_keys.insert((table.clone(), cols.clone()));
        }
        if !i.bool("backs_constraint").unwrap() {
            s.indexes
                .insert(i.text("name").unwrap(), (table, cols, unique));
        }
    }
    let fks = db
        .fetch_all(Q::new(
            "SELECT cl.relname::text AS tbl, a.attname::text AS col, r.relname::text AS reftbl \
             FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
             WHERE c.contype = 'f' AND n.nspname = 'public'",
        ))
        .await
        .unwrap();
    for f in fks {
        s.foreign_keys.insert((
            f.text("tbl").unwrap(),
            f.text("col").unwrap(),
            f.text("reftbl").unwrap(),
        ));
    }
    s
}

/// Every SQLite column has one of the known types, checked even without
/// PostgreSQL so a typo in the SQLite migration cannot slip through.
#[tokio::test]
async fn sqlite_schema_uses_known_types() {
    let t = TestCtx::new(Backend::Sqlite).await;
    let s = sqlite_schema(t.db()).await;
    for table in [
        "org_units",
        "users",
        "user_scopes",
        "recovery_codes",
        "sessions",
        "api_tokens",
        "audit_log",
        "persons",
        "schema_migrations",
    ] {
        assert!(s.tables.contains_key(table), "missing table {table}");
    }
    for (table, cols) in &s.tables {
        for (col, (ty, _)) in cols {
            assert!(!ty.starts_with("unexpected"), "{table}.{col}: {ty}");
        }
    }
    assert_eq!(
        s.tables["persons"]["birth_date"],
        ("date".to_string(), false)
    );
    assert_eq!(
        s.tables["persons"]["phone_enc"],
        ("bytes".to_string(), true)
    );
}

#[tokio::test]
async fn schemas_match_across_backends() {
    if !backends().contains(&Backend::Postgres) {
        println!("note: schema parity skipped: set JINDU_TEST_PG to a PostgreSQL URL to compare");
        return;
    }
    let lite = TestCtx::new(Backend::Sqlite).await;
    let pg = TestCtx::new(Backend::Postgres).await;
    let a = sqlite_schema(lite.db()).await;
    let b = pg_schema(pg.db()).await;
    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "tables");
    for (table, cols) in &a.tables {
        assert_eq!(
            cols, &b.tables[table],
            "columns of {table} (SQLite left, PostgreSQL right)"
        );
    }
    assert_eq!(a.indexes, b.indexes, "explicit indexes");
    assert_eq!(
        a.unique_keys, b.unique_keys,
        "primary keys and unique constraints"
    );
    assert_eq!(a.foreign_keys, b.foreign_keys, "foreign keys");
    println!(
        "schema parity: {} tables, {} columns, {} indexes, {} keys, {} foreign keys",
        a.tables.len(),
        a.tables.values().map(BTreeMap::len).sum::<usize>(),
        a.indexes.len(),
        a.unique_keys.len(),
        a.foreign_keys.len()
    );
}

/// WAL, `synchronous=FULL`, foreign keys and `secure_delete` on the writer.
#[tokio::test]
async fn sqlite_connection_settings() {
    let t = TestCtx::new(Backend::Sqlite).await;
    let Db::Sqlite { write, read } = t.db() else {
        unreachable!("SQLite context")
    };
    let text = |sql: &'static str, pool| async move {
        sqlx::query_scalar::<Sqlite, String>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let int = |sql: &'static str, pool| async move {
        sqlx::query_scalar::<Sqlite, i64>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    assert_eq!(text("PRAGMA journal_mode", write).await, "wal");
    assert_eq!(
        int("PRAGMA synchronous", write).await,
        2,
        "synchronous=FULL"
    );
    assert_eq!(int("PRAGMA foreign_keys", write).await, 1);
    assert_eq!(int("PRAGMA secure_delete", write).await, 1);
    assert_eq!(text("PRAGMA journal_mode", read).await, "wal");
    // A foreign key violation is refused, not silently stored.
    let mut tx = t.db().begin().await.unwrap();
    let err = tx
        .execute(Q::new(
            "INSERT INTO user_scopes (user_id, kind, org_unit_id) VALUES (999, 'capture', 999)",
        ))
        .await;
    assert!(err.is_err(), "foreign keys must be enforced");
}

#[tokio::test]
async fn migrations_run_once() {
    each_backend(async |t| {
        assert!(migrate(t.db()).await.unwrap().is_empty());
        let n = t
            .db()
            .scalar_i64(Q::new("SELECT COUNT(*) FROM schema_migrations"))
            .await
            .unwrap();
        assert_eq!(n, crate::migrate::known_versions().len() as i64);
    })
    .await;
}
