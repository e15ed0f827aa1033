//! `jindu demo`: on first run, generate and load the demo city and its
//! accounts; on every run, print how to log in and serve.

use std::process::ExitCode;
use std::time::Instant;

use jindu_store::org;
use jindu_store::service::Ctx;
use jindu_web::WebConfig;

use super::serve;
use crate::cli::DemoArgs;
use crate::demo::accounts::{self, DEFAULT_PASSWORD, Shown};
use crate::demo::load;
use crate::failure::{CliResult, Failure};
use crate::open::{self, Create, Target};
use crate::roles;
use crate::table;

pub async fn run(args: DemoArgs) -> CliResult<ExitCode> {
    let password = args
        .password
        .clone()
        .unwrap_or_else(|| DEFAULT_PASSWORD.to_string());
    let target = Target::data_dir(&args.data_dir, None);
    // Bind first: a busy port should fail before minutes of loading.
    let listener = serve::bind(&args.listen).await?;
    let (db, _) = target.open_db(Create::Yes).await?;
    let keys = target.keys(Create::Yes)?;
    let ctx = open::context(db, keys);
    ensure_loaded(&ctx, &args, &password).await?;
    let shown = accounts::show(&ctx, &password).await?;
    let url = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}/"),
        Err(_) => format!("http://{}/", args.listen),
    };
    print_banner(&url, &target.describe(), &password, &shown);
    serve::serve(ctx, WebConfig::default(), listener).await?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the city unless the database already holds it. A database with
/// units but without the demo accounts is either not a demo database or an
/// interrupted first run: refuse rather than mix data.
async fn ensure_loaded(ctx: &Ctx, args: &DemoArgs, password: &str) -> CliResult<()> {
    let units = org::count(&ctx.db).await?;
    if units > 0 {
        let accounts = open::user_count(&ctx.db).await?;
        let demo_admin = jindu_store::users::by_username(&ctx.db, "admin").await?;
        if accounts == 0 || demo_admin.is_none() {
            return Err(Failure::new(format!(
                "{} is not a complete demo database (an interrupted first run, or a real deployment): \
                 remove it or choose another --data-dir",
                args.data_dir.display()
            )));
        }
        tracing::info!(units, "demo city already loaded");
        return Ok(());
    }
    accounts::check_password(password)?;
    let started = Instant::now();
    let today = ctx.today();
    tracing::info!(seed = args.seed, persons = args.persons, %today, "generating the demo city");
    let generated = load::generate(args.seed, args.persons, today);
    let placement = generated
        .placement()
        .ok_or_else(|| Failure::new("the generated city has no county, township or community"))?;
    let stored = load::load_units(ctx, &generated).await?;
    tracing::info!(
        units = stored.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "org units loaded"
    );
    let persons = load::load_people(ctx, &generated, &stored).await?;
    tracing::info!(
        persons,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "persons registered"
    );
    let unit = |i: usize| {
        stored
            .get(i)
            .ok_or_else(|| Failure::new("demo placement outside the city"))
    };
    let units = accounts::Units {
        city: unit(placement.city)?,
        county: unit(placement.county)?,
        township: unit(placement.township)?,
        community: unit(placement.community)?,
    };
    accounts::create(ctx, &accounts::specs(&units), password).await?;
    let histories =
        crate::demo::histories::load(ctx, args.seed, units.city, units.community).await?;
    let old_cases = crate::demo::abstinence::load(ctx, args.seed, units.city).await?;
    let police_reports = crate::demo::police_reports::load(ctx, args.seed, units.city).await?;
    let (transferred, received) = crate::demo::transfers::load(
        ctx,
        units.city,
        units.county,
        units.township,
        units.community,
    )
    .await?;
    let setting_version = crate::demo::settings::load(ctx, units.city).await?;
    // The persons were bulk-loaded without the service: their indicator
    // memberships come from a rebuild, the histories' from their writes.
    let actor =
        jindu_store::service::Actor::cli(jindu_domain::authz::Role::SysAdmin, &units.city.path);
    let indicators = ctx.indicators_rebuild(&actor).await?;
    tracing::info!(
        measures = histories.measures,
        tests = histories.tests,
        leave_requests = histories.leave_requests,
        absences = histories.absences,
        visits = histories.visits,
        support_plans = histories.support_plans,
        support_records = histories.support_records,
        assessments = histories.assessments,
        old_cases = old_cases.old_cases,
        abstinent_confirmed = old_cases.confirmed,
        police_reports,
        transferred,
        received,
        setting_version,
        indicator_members = indicators.members,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "histories recorded"
    );
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo city loaded: {} units, {} persons, {} accounts",
        stored.len(),
        persons,
        accounts::USERNAMES.len()
    );
    Ok(())
}

fn print_banner(url: &str, db: &str, password: &str, shown: &[Shown]) {
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|a| {
            vec![
                a.username.clone(),
                format!("{} ({})", roles::name_zh(a.role), a.role.code()),
                a.display_name.clone(),
                a.unit.clone(),
                if a.password_matches {
                    password.to_string()
                } else {
                    "(changed since)".to_string()
                },
                a.totp_secret.clone().unwrap_or_default(),
            ]
        })
        .collect();
    println!();
    println!("禁毒综合治理平台 Jindu — demo city 南江市 (synthetic data)");
    println!("Open:     {url}");
    println!("Database: {db}");
    println!();
    println!(
        "{}",
        table::render(
            &[
                "username",
                "role",
                "name",
                "org unit",
                "password",
                "TOTP secret"
            ],
            &rows
        )
    );
    let admins: Vec<&Shown> = shown.iter().filter(|a| a.totp_secret.is_some()).collect();
    if !admins.is_empty() {
        println!();
        println!(
            "The three administrators log in with a TOTP code (any authenticator app; add the secret or URI):"
        );
        for a in admins {
            if let Some(uri) = a.otpauth_uri() {
                println!("  {:<9} {uri}", a.username);
            }
        }
    }
    println!();
    println!("Press Ctrl-C to stop. Running `jindu demo` again serves the same data.");
    println!();
}

#[cfg(test)]
mod tests {
    use jindu_store::audit;

    use super::*;

    fn args(dir: &std::path::Path) -> DemoArgs {
        DemoArgs {
            data_dir: dir.to_path_buf(),
            listen: "127.0.0.1:0".into(),
            password: None,
            seed: 3,
            persons: 120,
        }
    }

    async fn open(dir: &std::path::Path) -> Ctx {
        let target = Target::data_dir(dir, None);
        let (db, _) = target.open_db(Create::Yes).await.unwrap();
        open::context(db, target.keys(Create::Yes).unwrap())
    }

    #[tokio::test]
    async fn a_second_run_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let a = args(dir.path());
        let ctx = open(dir.path()).await;
        ensure_loaded(&ctx, &a, DEFAULT_PASSWORD).await.unwrap();
        let units = org::count(&ctx.db).await.unwrap();
        let entries = audit::count(&ctx.db).await.unwrap();
        ctx.db.close().await;

        let ctx = open(dir.path()).await;
        ensure_loaded(&ctx, &a, "Another-Pass-2027?").await.unwrap();
        assert_eq!(org::count(&ctx.db).await.unwrap(), units);
        assert_eq!(audit::count(&ctx.db).await.unwrap(), entries);
        let shown = accounts::show(&ctx, "Another-Pass-2027?").await.unwrap();
        assert!(shown.iter().all(|s| !s.password_matches));
        assert!(audit::verify(&ctx.db, &ctx.keys).await.unwrap().ok());
    }

    #[tokio::test]
    async fn refuses_a_weak_password_before_loading_and_a_foreign_database() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = open(dir.path()).await;
        let e = ensure_loaded(&ctx, &args(dir.path()), "short")
            .await
            .err()
            .unwrap();
        assert!(e.message.contains("--password"), "{}", e.message);
        assert_eq!(org::count(&ctx.db).await.unwrap(), 0);

        // Units without the demo accounts: an interrupted load or not a demo.
        let g = load::generate(3, 10, ctx.today());
        load::load_units(&ctx, &g).await.unwrap();
        let e = ensure_loaded(&ctx, &args(dir.path()), DEFAULT_PASSWORD)
            .await
            .err()
            .unwrap();
        assert!(
            e.message.contains("not a complete demo database"),
            "{}",
            e.message
        );
    }
}
