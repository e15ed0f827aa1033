//! One database handle over SQLite (embedded default) and PostgreSQL (scale).
//!
//! Every query is written once, with `$1..$N` placeholders that both backends
//! understand, and its arguments as [`Val`]s; the two typed drivers each bind
//! and run it. This avoids `sqlx::Any` (no bool, uuid or time on SQLite) while
//! keeping a single SQL text per query. Where dialects differ, callers branch
//! on [`Db::backend`].

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Postgres, Row as _, Sqlite, Transaction};
use time::Date;

use crate::error::{StoreError, StoreResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database. SQLite keeps one writer connection (SQLite allows one writer
/// at a time; queueing in the pool is cheaper than SQLITE_BUSY retries) and a
/// small read pool.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { write: SqlitePool, read: SqlitePool },
    Pg(PgPool),
}

/// A bound argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    I64(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Bool(bool),
    Date(Option<Date>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I64(Some(v))
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        Val::I64(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(Some(v.to_string()))
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(Some(v))
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Self {
        Val::Text(Some(v.clone()))
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        Val::Text(v)
    }
}
impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Self {
        Val::Text(v.map(str::to_string))
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Self {
        Val::Bytes(Some(v))
    }
}
impl From<Option<Vec<u8>>> for Val {
    fn from(v: Option<Vec<u8>>) -> Self {
        Val::Bytes(v)
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::Bool(v)
    }
}
impl From<Date> for Val {
    fn from(v: Date) -> Self {
        Val::Date(Some(v))
    }
}
impl From<Option<Date>> for Val {
    fn from(v: Option<Date>) -> Self {
        Val::Date(v)
    }
}

/// A query: SQL text with `$n` placeholders plus its arguments.
#[derive(Clone, Debug)]
pub struct Q {
    sql: String,
    args: Vec<Val>,
}

impl Q {
    pub fn new(sql: impl Into<String>) -> Q {
        Q {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    pub fn bind(mut self, v: impl Into<Val>) -> Q {
        self.args.push(v.into());
        self
    }

    pub fn push_arg(&mut self, v: impl Into<Val>) -> usize {
        self.args.push(v.into());
        self.args.len()
    }

    pub fn push_sql(&mut self, s: &str) {
        self.sql.push_str(s);
    }

    /// Appends `sql` with `$?` replaced by the number of a newly bound argument.
    pub fn and(&mut self, sql: &str, v: impl Into<Val>) {
        let n = self.push_arg(v);
        self.sql.push_str(&sql.replace("$?", &format!("${n}")));
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }
}

/// Binds every argument of `$q` onto the typed sqlx query `$query`.
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for a in $args {
            q = match a {
                Val::I64(v) => q.bind(v),
                Val::Text(v) => q.bind(v),
                Val::Bytes(v) => q.bind(v),
                Val::Bool(v) => q.bind(v),
                Val::Date(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Runs `$q` with method `$method` on the executor `$exec`, for whichever
/// backend `$target` is; `$wrap` turns the driver's result into ours.
macro_rules! run {
    (sqlite $exec:expr, $q:expr, $method:ident) => {
        bind_all!(sqlx::query::<Sqlite>(AssertSqlSafe($q.sql)), $q.args)
            .$method($exec)
            .await
    };
    (pg $exec:expr, $q:expr, $method:ident) => {
        bind_all!(sqlx::query::<Postgres>(AssertSqlSafe($q.sql)), $q.args)
            .$method($exec)
            .await
    };
}

/// A fetched row from either backend.
pub enum Row {
    Sqlite(SqliteRow),
    Pg(PgRow),
}

macro_rules! get {
    ($self:expr, $col:expr) => {
        match $self {
            Row::Sqlite(r) => r.try_get($col).map_err(StoreError::from),
            Row::Pg(r) => r.try_get($col).map_err(StoreError::from),
        }
    };
}

impl Row {
    pub fn i64(&self, col: &str) -> StoreResult<i64> {
        get!(self, col)
    }
    pub fn opt_i64(&self, col: &str) -> StoreResult<Option<i64>> {
        get!(self, col)
    }
    pub fn text(&self, col: &str) -> StoreResult<String> {
        get!(self, col)
    }
    pub fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        get!(self, col)
    }
    pub fn bytes(&self, col: &str) -> StoreResult<Vec<u8>> {
        get!(self, col)
    }
    pub fn opt_bytes(&self, col: &str) -> StoreResult<Option<Vec<u8>>> {
        get!(self, col)
    }
    pub fn bool(&self, col: &str) -> StoreResult<bool> {
        get!(self, col)
    }
    pub fn date(&self, col: &str) -> StoreResult<Date> {
        get!(self, col)
    }
    pub fn opt_date(&self, col: &str) -> StoreResult<Option<Date>> {
        get!(self, col)
    }
}

/// A write transaction. Everything a change touches, including its audit
/// entry, goes through one of these (security.md: fail closed).
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

macro_rules! dispatch_tx {
    ($self:expr, $q:expr, $method:ident, $map:expr) => {
        match $self {
            Tx::Sqlite(tx) => run!(sqlite &mut **tx, $q, $method).map($map).map_err(StoreError::from),
            Tx::Pg(tx) => run!(pg &mut **tx, $q, $method).map($map).map_err(StoreError::from),
        }
    };
}

macro_rules! dispatch_db {
    ($self:expr, $q:expr, $method:ident, $map:expr) => {
        match $self {
            Db::Sqlite { read, .. } => run!(sqlite read, $q, $method).map($map).map_err(StoreError::from),
            Db::Pg(pool) => run!(pg pool, $q, $method).map($map).map_err(StoreError::from),
        }
    };
}

/// Shared query methods of [`Db`] (reads, on `&self`) and [`Tx`] (reads and
/// writes, on `&mut self`).
macro_rules! query_methods {
    ($dispatch:ident, $self:ident, $($recv:tt)+) => {
        pub async fn fetch_all($($recv)+ $self, q: Q) -> StoreResult<Vec<Row>> {
            $dispatch!($self, q, fetch_all, |rows| rows.into_iter().map(Into::into).collect())
        }

        pub async fn fetch_optional($($recv)+ $self, q: Q) -> StoreResult<Option<Row>> {
            $dispatch!($self, q, fetch_optional, |r| r.map(Into::into))
        }

        pub async fn fetch_one($($recv)+ $self, q: Q) -> StoreResult<Row> {
            $dispatch!($self, q, fetch_one, Into::into)
        }

        /// The first column of the first row, as an integer (counts, ids).
        pub async fn scalar_i64($($recv)+ $self, q: Q) -> StoreResult<i64> {
            match $self.fetch_one(q).await? {
                Row::Sqlite(r) => Ok(r.try_get::<i64, _>(0)?),
                Row::Pg(r) => Ok(r.try_get::<i64, _>(0)?),
            }
        }
    };
}

impl From<SqliteRow> for Row {
    fn from(r: SqliteRow) -> Self {
        Row::Sqlite(r)
    }
}
impl From<PgRow> for Row {
    fn from(r: PgRow) -> Self {
        Row::Pg(r)
    }
}

impl Tx {
    query_methods!(dispatch_tx, self, &mut);

    /// Runs a statement; returns the number of rows affected.
    pub async fn execute(&mut self, q: Q) -> StoreResult<u64> {
        dispatch_tx!(self, q, execute, |r| r.rows_affected())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Pg(_) => Backend::Postgres,
        }
    }

    /// Runs a multi-statement script (migrations) inside the transaction.
    pub async fn run_script(&mut self, sql: &'static str) -> StoreResult<()> {
        match self {
            Tx::Sqlite(tx) => {
                sqlx::raw_sql(sql).execute(&mut **tx).await?;
            }
            Tx::Pg(tx) => {
                sqlx::raw_sql(sql).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Pg(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

impl Db {
    query_methods!(dispatch_db, self, &);

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Pg(pool) => Tx::Pg(pool.begin().await?),
        })
    }

    /// Opens (creating if needed) the SQLite file with the settings of
    /// architecture.md: WAL, `synchronous=FULL` (a committed write survives
    /// power loss), foreign keys, a busy timeout, `secure_delete` (deleted
    /// personal data is overwritten, not left in free pages) and a page
    /// cache of 64 MiB per connection, so the indexes a city's requests and
    /// bulk loads walk stay in memory (SQLite's default is 2 MiB).
    pub async fn open_sqlite(path: &Path) -> StoreResult<Db> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("secure_delete", "ON")
            .pragma("cache_size", "-65536");
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts.read_only(true))
            .await?;
        Ok(Db::Sqlite { write, read })
    }

    pub async fn open_pg(url: &str) -> StoreResult<Db> {
        let opts = sqlx::postgres::PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(Db::Pg(pool))
    }

    /// Opens a database from a URL: `sqlite:PATH` / `sqlite://PATH` or
    /// `postgres://…` / `postgresql://…`. Anything else is a clear error.
    pub async fn open_url(url: &str) -> StoreResult<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Db::open_pg(url).await
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            Db::open_sqlite(Path::new(path)).await
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL (expected sqlite: or postgres://): {}",
                url.split(':').next().unwrap_or("")
            )))
        }
    }

    /// Creates a PostgreSQL database `name` (letters, digits, `_`) through
    /// an administrative URL and returns the URL of the new database. Used
    /// by `jindu init` set-ups and by tests that need a fresh database.
    pub async fn create_pg_database(admin_url: &str, name: &str) -> StoreResult<String> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Config(format!("invalid database name: {name}")));
        }
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect(admin_url)
            .await?;
        sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await?;
        pool.close().await;
        let (base, _) = admin_url
            .rsplit_once('/')
            .ok_or_else(|| StoreError::Config("database URL must end in /DATABASE".into()))?;
        Ok(format!("{base}/{name}"))
    }

    /// Drops a PostgreSQL database (closing its connections), through an
    /// administrative URL. For test clean-up.
    pub async fn drop_pg_database(admin_url: &str, name: &str) -> StoreResult<()> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Config(format!("invalid database name: {name}")));
        }
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect(admin_url)
            .await?;
        sqlx::raw_sql(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&pool)
        .await?;
        pool.close().await;
        Ok(())
    }

    /// Runs a multi-statement script (migrations) on the write connection.
    pub async fn run_script(&self, sql: &'static str) -> StoreResult<()> {
        match self {
            Db::Sqlite { write, .. } => {
                sqlx::raw_sql(sql).execute(write).await?;
            }
            Db::Pg(pool) => {
                sqlx::raw_sql(sql).execute(pool).await?;
            }
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { write, read } => {
                read.close().await;
                write.close().await;
            }
            Db::Pg(pool) => pool.close().await,
        }
    }
}
