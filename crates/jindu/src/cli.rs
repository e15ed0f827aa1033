//! The command line: every command, option and environment variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jindu_domain::authz::Role;

use crate::demo::geography::{CITY_CODE, CITY_NAME};
use crate::demo::tier::Scale;

#[derive(Parser, Debug)]
#[command(
    name = "jindu",
    version,
    about = "禁毒综合治理平台 Jindu — the city narcotics-control platform",
    long_about = "禁毒综合治理平台 Jindu — the city narcotics-control platform.\n\n\
        Try it: `jindu demo` creates a synthetic city in ./jindu-demo and serves it.\n\
        Deploy: `jindu init --data-dir DIR --admin NAME`, then `jindu serve --data-dir DIR`.\n\
        Logging: JINDU_LOG (e.g. `debug`, default `info`) to standard error."
)]
pub struct Cli {
    /// Log JSON lines instead of text (for a log collector).
    #[arg(long, global = true)]
    pub log_json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a synthetic demo city on first run, print its accounts and serve it.
    Demo(DemoArgs),
    /// Create keys, schema, the root org unit and the first (system) administrator.
    Init(InitArgs),
    /// Run the server.
    Serve(ServeArgs),
    /// Apply pending database migrations and print them.
    Migrate(DbArgs),
    /// Manage user accounts (acts as the security administrator, audited as `cli`).
    #[command(subcommand)]
    User(UserCommand),
    /// Write a checked copy of the database (SQLite), or run pg_dump (PostgreSQL).
    Backup(BackupArgs),
    /// Verify the audit chain or write a signed checkpoint.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Recompute the indicator rollups from the raw records.
    #[command(subcommand)]
    Indicators(IndicatorsCommand),
}

/// Where the database and the key file are.
#[derive(Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Data directory: holds the SQLite database `jindu.db` and (unless
    /// --key-dir is given) the key file `jindu.key`.
    #[arg(long, env = "JINDU_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Database URL instead of a data directory: `postgres://user@host/db`
    /// (or `sqlite:PATH`). Needs --key-dir.
    #[arg(
        long,
        env = "JINDU_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// Directory of the key file (and the audit checkpoints). Keep it off
    /// the database server and out of database backups.
    #[arg(long, env = "JINDU_KEY_DIR", value_name = "DIR")]
    pub key_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Directory of the demo database and its keys (created on first run).
    #[arg(long, value_name = "DIR", default_value = "jindu-demo")]
    pub data_dir: PathBuf,

    /// Load and serve the demo in this PostgreSQL database instead
    /// (`postgres://user@host/db`, an empty database); the keys stay in
    /// --data-dir.
    #[arg(long, value_name = "URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Address to serve on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Password of every demo account (must satisfy the password policy).
    #[arg(long, value_name = "PW")]
    pub password: Option<String>,

    /// Seed of the generated city and people (same seed and date, same data).
    #[arg(long, value_name = "N", default_value_t = 2026)]
    pub seed: u64,

    /// Number of registered persons to generate on first run (the small
    /// demo; a larger --scale sets its own).
    #[arg(long, value_name = "N", default_value_t = crate::demo::load::DEFAULT_PERSONS)]
    pub persons: usize,

    /// Size of the generated city (performance.md's data tiers): `city`
    /// 50 k persons and 1.5 M drug tests, `province` 300 k and 15 M,
    /// `national-lite` 500 k and 15 M (for PostgreSQL).
    #[arg(long, value_enum, default_value_t = Scale::Demo)]
    pub scale: Scale,

    /// Load the city (unless already loaded) and exit without serving.
    #[arg(long)]
    pub load_only: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub db: DbArgs,

    /// Username of the first administrator (system administrator role).
    #[arg(long, value_name = "NAME")]
    pub admin: String,

    /// Display name of the first administrator.
    #[arg(long, value_name = "TEXT", default_value = "系统管理员")]
    pub admin_display_name: String,

    /// Division code of the root org unit (the city, GB/T 2260, ends in 00).
    #[arg(long, value_name = "CODE", default_value = CITY_CODE)]
    pub org_code: String,

    /// Name of the root org unit.
    #[arg(long, value_name = "NAME", default_value = CITY_NAME)]
    pub org_name: String,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,

    /// Address to serve on.
    #[arg(
        long,
        env = "JINDU_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: String,

    /// Mark cookies Secure (when served over TLS, directly or behind a proxy).
    #[arg(long, env = "JINDU_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account; prints its one-time password.
    Add(UserAddArgs),
    /// List accounts.
    List(UserListArgs),
    /// Disable an account (its sessions end at once).
    Disable(UserNameArgs),
    /// Enable a disabled account.
    Enable(UserNameArgs),
    /// Set a new one-time password (clears a lockout); prints it.
    ResetPassword(UserNameArgs),
    /// Change an account's role.
    SetRole(UserSetRoleArgs),
}

#[derive(Args, Debug)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Login name: 3–32 characters a–z, 0–9, '_', '.', '-'.
    #[arg(long)]
    pub username: String,
    /// Display name, e.g. 市禁毒办 张明.
    #[arg(long)]
    pub name: String,
    /// Role code: sys_admin, sec_admin, audit_admin, city_officer,
    /// county_officer, township_officer, social_worker, police_officer, leader.
    #[arg(long, value_parser = crate::roles::parse)]
    pub role: Role,
    /// Division code of the user's org unit; it is also their scope.
    #[arg(long, value_name = "CODE")]
    pub org_code: String,
}

#[derive(Args, Debug)]
pub struct UserListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only accounts whose username or display name contains TEXT.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub search: String,
}

#[derive(Args, Debug)]
pub struct UserNameArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The account's username.
    pub username: String,
}

#[derive(Args, Debug)]
pub struct UserSetRoleArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The account's username.
    pub username: String,
    /// The new role code.
    #[arg(value_parser = crate::roles::parse)]
    pub role: Role,
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The backup file to write (must not exist).
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Recompute the hash chain and check the signed checkpoints; exit code
    /// 0 when intact, 2 when not (naming the first bad entry).
    Verify(DbArgs),
    /// Write a signed checkpoint of the latest entry beside the key file.
    Checkpoint(DbArgs),
}

#[derive(Subcommand, Debug)]
pub enum IndicatorsCommand {
    /// Recompute every indicator's members and monthly sums from the raw
    /// records (the dashboards read these sums).
    Rebuild(DbArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_user_add_and_defaults() {
        let cli = Cli::try_parse_from([
            "jindu",
            "user",
            "add",
            "--data-dir",
            "/d",
            "--username",
            "zhangm",
            "--name",
            "张明",
            "--role",
            "county-officer",
            "--org-code",
            "990101",
        ]);
        let Ok(Cli {
            command: Command::User(UserCommand::Add(a)),
            ..
        }) = cli
        else {
            panic!("not parsed: {cli:?}");
        };
        assert_eq!(a.role, Role::CountyOfficer);
        assert_eq!(a.db.data_dir, Some(PathBuf::from("/d")));

        let Ok(Cli {
            command: Command::Demo(d),
            ..
        }) = Cli::try_parse_from(["jindu", "demo"])
        else {
            panic!("demo not parsed");
        };
        assert_eq!(d.data_dir, PathBuf::from("jindu-demo"));
        assert_eq!(d.listen, "127.0.0.1:8080");
        assert_eq!(d.seed, 2026);
    }
}
