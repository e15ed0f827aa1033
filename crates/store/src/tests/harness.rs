//! A fresh database per test on each available backend.
//!
//! SQLite uses a file in a new temporary directory: `sqlite::memory:` would
//! give each pooled connection its own empty database. PostgreSQL gets a new
//! database `jindu_t_<random>` created through the admin URL in
//! `JINDU_TEST_PG` and dropped again when the test ends, even by panicking.

use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::sync::Arc;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection as _};

use crate::crypto::{Keys, random_bytes};
use crate::db::{Backend, Db};
use crate::migrate::migrate;
use crate::service::{Clock as _, Ctx, FixedClock, Policy};

/// The environment variable naming the PostgreSQL admin URL.
pub const PG_ENV: &str = "JINDU_TEST_PG";

/// The clock's start: 2026-03-02 10:00 in China Standard Time.
pub const T0_MS: i64 = 1_772_416_800_000;

/// The PostgreSQL admin URL, when PostgreSQL tests are wanted.
pub fn pg_admin_url() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|u| !u.trim().is_empty())
}

/// SQLite always; PostgreSQL too when `JINDU_TEST_PG` is set.
pub fn backends() -> Vec<Backend> {
    let mut b = vec![Backend::Sqlite];
    if pg_admin_url().is_some() {
        b.push(Backend::Postgres);
    }
    b
}

/// Runs `body` once per available backend, each time on a fresh [`TestCtx`].
/// The backend is printed first, so a failure shows where it happened.
pub async fn each_backend(body: impl AsyncFn(&TestCtx)) {
    for backend in backends() {
        println!("backend: {backend:?}");
        let t = TestCtx::new(backend).await;
        body(&t).await;
        t.ctx.db.close().await;
    }
}

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("jindu-store-test-{}", random_hex()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn random_hex() -> String {
    data_encoding::HEXLOWER.encode(&random_bytes::<8>())
}

/// Drops the per-test PostgreSQL database. Runs on its own thread and
/// runtime because `Drop` cannot await, and must also work while a failed
/// test unwinds.
struct PgDatabase {
    admin: PgConnectOptions,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let admin = self.admin.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropper = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect_with(&admin).await.ok()?;
                sqlx::raw_sql(AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
                    .ok()?;
                conn.close().await.ok()
            })
        });
        if dropper.join().ok().flatten().is_none() {
            eprintln!("note: could not drop test database {}", self.name);
        }
    }
}

/// One test's world: a migrated database, keys in a temp dir, a fixed clock
/// and the default policy.
pub struct TestCtx {
    pub ctx: Ctx,
    pub clock: Arc<FixedClock>,
    pub backend: Backend,
    /// The SQLite file (for scans of the raw bytes on disk).
    pub sqlite_path: Option<PathBuf>,
    // Dropped after `ctx`: the database goes once its pool is gone.
    _pg: Option<PgDatabase>,
    _dir: TempDir,
}

impl TestCtx {
    pub async fn new(backend: Backend) -> TestCtx {
        let dir = TempDir::new();
        let (db, pg, sqlite_path) = match backend {
            Backend::Sqlite => {
                let path = dir.path().join("jindu.db");
                (Db::open_sqlite(&path).await.unwrap(), None, Some(path))
            }
            Backend::Postgres => {
                let url = pg_admin_url().expect("JINDU_TEST_PG is set");
                let admin = PgConnectOptions::from_str(&url).unwrap();
                let name = format!("jindu_t_{}", random_hex());
                let mut conn = sqlx::PgConnection::connect_with(&admin).await.unwrap();
                sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                conn.close().await.unwrap();
                let guard = PgDatabase {
                    admin: admin.clone(),
                    name: name.clone(),
                };
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .connect_with(admin.database(&name))
                    .await
                    .unwrap();
                (Db::Pg(pool), Some(guard), None)
            }
        };
        assert_eq!(
            migrate(&db).await.unwrap(),
            crate::migrate::known_versions()
        );
        let keys = Keys::load_or_create(&dir.path().join("keys")).unwrap();
        let clock = Arc::new(FixedClock::new(T0_MS));
        let ctx = Ctx {
            db,
            keys: Arc::new(keys),
            clock: clock.clone(),
            policy: Policy::default(),
            calendar: Arc::new(jindu_domain::HolidayCalendar::china_2024_2026()),
            group_audit: Default::default(),
            links: Default::default(),
            rebuilding: Default::default(),
        };
        TestCtx {
            ctx,
            clock,
            backend,
            sqlite_path,
            _pg: pg,
            _dir: dir,
        }
    }

    pub fn db(&self) -> &Db {
        &self.ctx.db
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn advance_minutes(&self, m: i64) {
        self.clock.advance_ms(m * 60_000);
    }
}
