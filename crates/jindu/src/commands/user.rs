//! `jindu user …`: account administration from the server's console,
//! through the same service functions (and audit entries) as the web
//! pages. The console acts as the security administrator over the whole
//! tree and is audited as `cli`.

use std::process::ExitCode;

use jindu_domain::authz::Role;
use jindu_store::org;
use jindu_store::service::{Actor, Ctx, Page};
use jindu_store::users::{self, User};

use crate::cli::{DbArgs, UserCommand};
use crate::failure::{CliResult, Failure};
use crate::open::{self, Target};
use crate::{roles, table};

pub async fn run(cmd: UserCommand) -> CliResult<ExitCode> {
    let db_args: &DbArgs = match &cmd {
        UserCommand::Add(a) => &a.db,
        UserCommand::List(a) => &a.db,
        UserCommand::Disable(a) | UserCommand::Enable(a) | UserCommand::ResetPassword(a) => &a.db,
        UserCommand::SetRole(a) => &a.db,
    };
    let ctx = Target::resolve(db_args)?.open_existing().await?;
    let root = open::root_unit(&ctx.db).await?;
    let actor = Actor::cli(Role::SecAdmin, &root.path);
    let result = dispatch(&ctx, &actor, cmd).await;
    ctx.db.close().await;
    result.map(|()| ExitCode::SUCCESS)
}

async fn dispatch(ctx: &Ctx, actor: &Actor, cmd: UserCommand) -> CliResult<()> {
    match cmd {
        UserCommand::Add(a) => {
            let unit = org::by_code(&ctx.db, a.org_code.trim())
                .await?
                .ok_or_else(|| {
                    Failure::new(format!("no org unit with code {}", a.org_code.trim()))
                })?;
            let (_, password) = ctx
                .user_create(actor, &a.username, &a.name, unit.id, a.role)
                .await?;
            println!(
                "Created {} — {} ({}) at {} ({})",
                a.username.trim(),
                roles::name_zh(a.role),
                a.role.code(),
                unit.name,
                unit.code
            );
            print_one_time_password(&password);
        }
        UserCommand::List(a) => list(ctx, actor, &a.search).await?,
        UserCommand::Disable(a) => {
            let user = find(ctx, &a.username).await?;
            ctx.user_set_disabled(actor, user.id, true).await?;
            println!("Disabled {} (their sessions have ended)", user.username);
        }
        UserCommand::Enable(a) => {
            let user = find(ctx, &a.username).await?;
            ctx.user_set_disabled(actor, user.id, false).await?;
            println!("Enabled {}", user.username);
        }
        UserCommand::ResetPassword(a) => {
            let user = find(ctx, &a.username).await?;
            let password = ctx.user_reset_password(actor, user.id).await?;
            println!(
                "New one-time password for {} (lockout cleared, sessions ended)",
                user.username
            );
            print_one_time_password(&password);
        }
        UserCommand::SetRole(a) => {
            let user = find(ctx, &a.username).await?;
            ctx.user_set_role(actor, user.id, a.role).await?;
            println!(
                "{}: {} → {} ({}); their sessions have ended",
                user.username,
                user.role.code(),
                a.role.code(),
                roles::name_zh(a.role)
            );
        }
    }
    Ok(())
}

async fn find(ctx: &Ctx, username: &str) -> CliResult<User> {
    users::by_username(&ctx.db, username.trim())
        .await?
        .ok_or_else(|| Failure::new(format!("no user named '{}'", username.trim())))
}

fn print_one_time_password(password: &str) {
    println!("One-time password: {password}");
    println!("(shown once; the user must change it at first login)");
}

async fn list(ctx: &Ctx, actor: &Actor, search: &str) -> CliResult<()> {
    let now = ctx.now_ms();
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let (users, total) = ctx
            .user_list(actor, search, Page::new(Some(page), Some(100)))
            .await?;
        let done = users.is_empty() || page * 100 >= total;
        for u in users {
            let mut state = Vec::new();
            if u.disabled {
                state.push("disabled");
            }
            if u.locked_until.is_some_and(|t| t > now) {
                state.push("locked");
            }
            if u.must_change_password {
                state.push("must change password");
            }
            if u.role.requires_totp() && !u.totp_enrolled() {
                state.push("TOTP not enrolled");
            }
            rows.push(vec![
                u.username,
                u.display_name,
                u.role.code().to_string(),
                u.org_name,
                if state.is_empty() {
                    "active".to_string()
                } else {
                    state.join(", ")
                },
            ]);
        }
        if done {
            break;
        }
        page += 1;
    }
    println!(
        "{}",
        table::render(&["username", "name", "role", "org unit", "state"], &rows)
    );
    println!("{} accounts", rows.len());
    Ok(())
}
