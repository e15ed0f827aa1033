//! `jindu init`: keys, schema, the root org unit and the first
//! administrator (system administrator, one-time password). The other
//! accounts, the security and audit administrators first, are created
//! with `jindu user add`.

use std::process::ExitCode;

use jindu_domain::authz::Role;
use jindu_domain::org::{OrgLevel, validate_code};
use jindu_store::audit::AuditEvent;
use jindu_store::crypto::Keys;
use jindu_store::org::{self, OrgUnit};
use jindu_store::service::{Actor, Ctx};

use crate::cli::InitArgs;
use crate::failure::{CliResult, Failure};
use crate::open::{self, Create, Target};
use crate::roles;

pub async fn run(args: InitArgs) -> CliResult<ExitCode> {
    let target = Target::resolve(&args.db)?;
    let code = args.org_code.trim();
    validate_code(OrgLevel::City, code, None).map_err(|_| {
        Failure::new(format!(
            "invalid --org-code '{code}': a city's division code (GB/T 2260) has 6 digits ending in 00"
        ))
    })?;
    let name = args.org_name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(Failure::new("invalid --org-name: 1–64 characters"));
    }

    let (db, _) = target.open_db(Create::Yes).await?;
    let existing = open::user_count(&db).await?;
    if existing > 0 {
        return Err(Failure::new(format!(
            "{} is already initialised ({existing} user accounts): refusing to run init again; \
             add accounts with `jindu user add`",
            target.describe()
        )));
    }
    // Keys only once the database is known to be fresh, so a refused init
    // leaves no stray key file behind.
    let keys = target.keys(Create::Yes)?;
    let ctx = open::context(db, keys);
    let root = root_unit(&ctx, code, name).await?;

    let actor = Actor::cli(Role::SecAdmin, &root.path);
    let (_, password) = ctx
        .user_create(
            &actor,
            &args.admin,
            &args.admin_display_name,
            root.id,
            Role::SysAdmin,
        )
        .await?;
    // The first audit checkpoint, beside the key file.
    ctx.maintenance().await?;
    ctx.db.close().await;

    let admin = args.admin.trim();
    println!("Initialised {}", target.describe());
    println!(
        "  key file:        {}",
        Keys::key_file(&target.key_dir).display()
    );
    println!(
        "                   (back it up separately and offline: without it the data cannot be read)"
    );
    println!("  root org unit:   {} ({})", root.name, root.code);
    println!(
        "  administrator:   {admin} — {} ({})",
        roles::name_zh(Role::SysAdmin),
        Role::SysAdmin.code()
    );
    println!("  one-time password: {password}");
    println!();
    println!("The password is shown only now. It must be changed at first login, and the");
    println!("administrator then enrols a TOTP authenticator.");
    println!();
    println!("Next: start the server with `jindu serve` (same --data-dir / --database-url), and");
    println!("create the security and audit administrators (三权分立: three different people):");
    println!(
        "  jindu user add --username secadmin --name 安全管理员 --role sec_admin --org-code {}",
        root.code
    );
    println!(
        "  jindu user add --username auditor --name 审计管理员 --role audit_admin --org-code {}",
        root.code
    );
    Ok(ExitCode::SUCCESS)
}

/// Creates the root unit, or reuses it when an earlier init stopped after
/// creating it (and before any account existed).
async fn root_unit(ctx: &Ctx, code: &str, name: &str) -> CliResult<OrgUnit> {
    let roots = org::children(&ctx.db, None).await?;
    match roots.as_slice() {
        [] => {
            let mut tx = ctx.db.begin().await?;
            let root = org::insert(&mut tx, None, OrgLevel::City, code, name, ctx.now_ms()).await?;
            let actor = Actor::cli(Role::SysAdmin, &root.path);
            ctx.commit_audited(
                tx,
                &actor.audit(),
                AuditEvent::new("org.create", "org_unit", root.id),
            )
            .await?;
            Ok(root)
        }
        [(root, _)] if root.code == code => Ok(root.clone()),
        _ => Err(Failure::new(
            "the database already holds org units but no accounts, and they do not match --org-code: \
             start from an empty database",
        )),
    }
}
