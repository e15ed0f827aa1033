//! Finding and opening the database and the key file from the common
//! options, with clear errors for every way they can be wrong.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jindu_store::crypto::Keys;
use jindu_store::org::{self, OrgUnit};
use jindu_store::service::{Ctx, Policy, SystemClock};
use jindu_store::{Db, users};

use crate::cli::DbArgs;
use crate::failure::{CliResult, Context as _, Failure};

/// The SQLite database file inside a data directory.
pub const DB_FILE: &str = "jindu.db";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Where a deployment's database and keys are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub location: Location,
    pub key_dir: PathBuf,
}

/// Whether a command may create what is missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Create {
    Yes,
    No,
}

impl Target {
    pub fn resolve(args: &DbArgs) -> CliResult<Target> {
        match (&args.data_dir, &args.database_url) {
            (Some(_), Some(_)) => Err(Failure::new(
                "give either --data-dir or --database-url (or JINDU_DATA_DIR / JINDU_DATABASE_URL), not both",
            )),
            (None, None) => Err(Failure::new(
                "no database given: use --data-dir DIR (SQLite) or --database-url URL with --key-dir DIR \
                 (or JINDU_DATA_DIR / JINDU_DATABASE_URL and JINDU_KEY_DIR)",
            )),
            (Some(dir), None) => Ok(Target::data_dir(dir, args.key_dir.as_deref())),
            (None, Some(url)) => {
                let key_dir = args.key_dir.clone().ok_or_else(|| {
                    Failure::new(
                        "--database-url needs --key-dir DIR (or JINDU_KEY_DIR): the key file is kept \
                         outside the database",
                    )
                })?;
                let location = if url.starts_with("postgres://") || url.starts_with("postgresql://")
                {
                    Location::Postgres(url.clone())
                } else if let Some(path) = url
                    .strip_prefix("sqlite://")
                    .or_else(|| url.strip_prefix("sqlite:"))
                {
                    Location::Sqlite(PathBuf::from(path))
                } else {
                    return Err(Failure::new(format!(
                        "unsupported database URL scheme '{}' (expected postgres:// or sqlite:)",
                        url.split(':').next().unwrap_or_default()
                    )));
                };
                Ok(Target { location, key_dir })
            }
        }
    }

    /// SQLite in `dir`, keys there too unless `key_dir` is given.
    pub fn data_dir(dir: &Path, key_dir: Option<&Path>) -> Target {
        Target {
            location: Location::Sqlite(dir.join(DB_FILE)),
            key_dir: key_dir.unwrap_or(dir).to_path_buf(),
        }
    }

    /// The database for messages, without any password.
    pub fn describe(&self) -> String {
        match &self.location {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => redact_url(url),
        }
    }

    /// Opens the database (creating the SQLite file and its directory only
    /// with `Create::Yes`) and brings its schema up to date.
    pub async fn open_db(&self, create: Create) -> CliResult<(Db, Vec<&'static str>)> {
        let db = match &self.location {
            Location::Sqlite(file) => {
                if !file.exists() {
                    if create == Create::No {
                        return Err(Failure::new(format!(
                            "no database at {}: run `jindu init` (or `jindu demo`) first, or check --data-dir",
                            file.display()
                        )));
                    }
                    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                        create_private_dir(dir)?;
                    }
                }
                let fresh = !file.exists();
                let db = Db::open_sqlite(file)
                    .await
                    .context(|| format!("cannot open {}", file.display()))?;
                if fresh {
                    // SQLite gives its -wal and -shm files the database's mode.
                    restrict_file(file)?;
                }
                db
            }
            Location::Postgres(url) => Db::open_pg(url)
                .await
                .context(|| format!("cannot connect to {}", redact_url(url)))?,
        };
        let applied = jindu_store::migrate::migrate(&db)
            .await
            .context(|| format!("migrating {}", self.describe()))?;
        for version in &applied {
            tracing::info!(version, "migration applied");
        }
        Ok((db, applied))
    }

    /// Loads the key file, creating it (and its directory) only with `Create::Yes`.
    pub fn keys(&self, create: Create) -> CliResult<Keys> {
        let file = Keys::key_file(&self.key_dir);
        match create {
            Create::Yes => {
                if !file.exists() {
                    create_private_dir(&self.key_dir)?;
                }
                Keys::load_or_create(&self.key_dir)
                    .context(|| format!("key file {}", file.display()))
            }
            Create::No if !file.exists() => Err(Failure::new(format!(
                "no key file at {}: the database cannot be read without it (check --key-dir / --data-dir)",
                file.display()
            ))),
            Create::No => {
                Keys::load(&self.key_dir).context(|| format!("key file {}", file.display()))
            }
        }
    }

    /// An existing deployment's database and keys, ready for services.
    pub async fn open_existing(&self) -> CliResult<Ctx> {
        let (db, _) = self.open_db(Create::No).await?;
        let keys = self.keys(Create::No)?;
        Ok(context(db, keys))
    }
}

pub fn context(db: Db, keys: Keys) -> Ctx {
    Ctx {
        db,
        keys: Arc::new(keys),
        clock: Arc::new(SystemClock),
        policy: Policy::default(),
        calendar: Arc::new(jindu_domain::HolidayCalendar::china_2024_2026()),
        group_audit: Default::default(),
        links: Default::default(),
        rebuilding: Default::default(),
    }
}

/// The root of the org tree (the city). The console acts over its subtree.
pub async fn root_unit(db: &Db) -> CliResult<OrgUnit> {
    let roots = org::children(db, None).await?;
    match roots.into_iter().next() {
        Some((root, _)) => Ok(root),
        None => Err(Failure::new(
            "the database has no org units yet: run `jindu init` first",
        )),
    }
}

/// Every account, whatever its unit (the console's view of the whole tree).
pub async fn user_count(db: &Db) -> CliResult<i64> {
    Ok(users::count(db).await?)
}

/// Creates a directory (and parents) readable only by its owner: it holds
/// the database or the key file.
fn create_private_dir(dir: &Path) -> CliResult<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .context(|| format!("cannot create {}", dir.display()))
}

/// Makes a file readable and writable by its owner only.
pub fn restrict_file(path: &Path) -> CliResult<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .context(|| format!("cannot restrict permissions of {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    // Passwords may also come as a query parameter.
    let tail = match tail.find("password=") {
        Some(i) => {
            let start = i + "password=".len();
            let end = tail[start..]
                .find('&')
                .map(|j| start + j)
                .unwrap_or(tail.len());
            format!("{}***{}", &tail[..start], &tail[end..])
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(data_dir: Option<&str>, url: Option<&str>, key_dir: Option<&str>) -> DbArgs {
        DbArgs {
            data_dir: data_dir.map(PathBuf::from),
            database_url: url.map(str::to_string),
            key_dir: key_dir.map(PathBuf::from),
        }
    }

    #[test]
    fn resolves_every_combination() {
        let t = Target::resolve(&args(Some("/srv/jd"), None, None)).ok();
        assert_eq!(
            t,
            Some(Target {
                location: Location::Sqlite(PathBuf::from("/srv/jd/jindu.db")),
                key_dir: PathBuf::from("/srv/jd"),
            })
        );
        let t = Target::resolve(&args(None, Some("postgres://u@h/db"), Some("/k"))).ok();
        assert_eq!(t.map(|t| t.key_dir), Some(PathBuf::from("/k")));
        let t = Target::resolve(&args(None, Some("sqlite:/x/y.db"), Some("/k"))).ok();
        assert_eq!(
            t.map(|t| t.location),
            Some(Location::Sqlite(PathBuf::from("/x/y.db")))
        );

        let err = |a: DbArgs| {
            Target::resolve(&a)
                .err()
                .map(|f| f.message)
                .unwrap_or_default()
        };
        assert!(err(args(None, None, None)).contains("--data-dir"));
        assert!(err(args(Some("/a"), Some("postgres://h/db"), None)).contains("not both"));
        assert!(err(args(None, Some("postgres://h/db"), None)).contains("--key-dir"));
        assert!(err(args(None, Some("mysql://h/db"), Some("/k"))).contains("mysql"));
    }

    #[test]
    fn passwords_never_shown() {
        assert_eq!(
            redact_url("postgres://jd:s3cret@db:5432/jindu"),
            "postgres://jd:***@db:5432/jindu"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            redact_url("postgres://h/x?user=a&password=s3cret&sslmode=require"),
            "postgres://h/x?user=a&password=s3cret&sslmode=require".replace("s3cret", "***")
        );
    }

    #[tokio::test]
    async fn missing_database_or_keys_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let t = Target::data_dir(dir.path(), None);
        let e = t
            .open_db(Create::No)
            .await
            .err()
            .map(|f| f.message)
            .unwrap_or_default();
        assert!(e.contains("no database") && e.contains("jindu init"), "{e}");
        assert!(!dir.path().join(DB_FILE).exists(), "must not create a file");
        let e = t
            .keys(Create::No)
            .err()
            .map(|f| f.message)
            .unwrap_or_default();
        assert!(e.contains("no key file"), "{e}");
    }
}
