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
use crate::demo::{histories, load};
use crate::failure::{CliResult, Failure};
use crate::open::{self, Create, Target};
use crate::roles;
use crate::table;

pub async fn run(args: DemoArgs) -> CliResult<ExitCode> {
    let password = args
        .password
        .clone()
        .unwrap_or_else(|| DEFAULT_PASSWORD.to_string());
    let target = match &args.database_url {
        None => Target::data_dir(&args.data_dir, None),
        Some(url) => Target::resolve(&crate::cli::DbArgs {
            data_dir: None,
            database_url: Some(url.clone()),
            key_dir: Some(args.data_dir.clone()),
        })?,
    };
    // Bind first: a busy port should fail before minutes of loading.
    let listener = match args.load_only {
        true => None,
        false => Some(serve::bind(&args.listen).await?),
    };
    let (db, _) = target.open_db(Create::Yes).await?;
    let keys = target.keys(Create::Yes)?;
    let ctx = open::context(db, keys);
    ensure_loaded(&ctx, &args, &password).await?;
    let Some(listener) = listener else {
        return Ok(ExitCode::SUCCESS);
    };
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
                 remove it or choose another --data-dir or --database-url",
                match args.database_url {
                    Some(_) => "the --database-url database".to_string(),
                    None => args.data_dir.display().to_string(),
                }
            )));
        }
        tracing::info!(units, "demo city already loaded");
        return Ok(());
    }
    accounts::check_password(password)?;
    let started = Instant::now();
    let today = ctx.today();
    let tier = args.scale.tier();
    let persons = tier.map_or(args.persons, |t| t.persons);
    tracing::info!(seed = args.seed, persons, scale = ?args.scale, %today, "generating the demo city");
    let generated = load::generate(args.seed, persons, today);
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
    // The larger tiers record about as many histories elsewhere as the
    // small demo does through the services, and bulk-load the rest.
    let share = histories::SHARE_ELSEWHERE.min(600.0 / persons.max(1) as f64);
    let histories = histories::load(ctx, args.seed, units.city, units.community, share).await?;
    let old_cases = crate::demo::abstinence::load(ctx, args.seed, units.city).await?;
    let police_reports = crate::demo::police_reports::load(ctx, args.seed, units.city).await?;
    let (determined, severe) = crate::demo::addiction::load(ctx, args.seed, units.city).await?;
    let (transferred, received) = crate::demo::transfers::load(
        ctx,
        units.city,
        units.county,
        units.township,
        units.community,
    )
    .await?;
    let setting_version = crate::demo::settings::load(ctx, units.city).await?;
    let strike = crate::demo::strike::load(ctx, args.seed, units.city).await?;
    let leads = crate::demo::leads::load(ctx, args.seed, units.city).await?;
    let outflow = crate::demo::outflow::load(ctx, args.seed, units.city).await?;
    let objects = crate::demo::objects::load(ctx, args.seed, units.city).await?;
    // The volume last, on persons the histories left without a measure.
    let bulk = match tier {
        Some(t) => crate::demo::tier::load(ctx, args.seed, t).await?,
        None => Default::default(),
    };
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
        determined,
        severe,
        transferred,
        received,
        setting_version,
        cases = strike.cases,
        traces = strike.traces,
        links = strike.links,
        leads,
        outflow,
        objects,
        bulk_measures = bulk.measures,
        bulk_tests = bulk.tests,
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
            database_url: None,
            listen: "127.0.0.1:0".into(),
            password: None,
            seed: 3,
            persons: 120,
            scale: crate::demo::tier::Scale::Demo,
            load_only: false,
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
    async fn a_tier_adds_open_measures_and_tests_deterministically() {
        use crate::demo::tier::{self, Tier};
        use jindu_store::Q;
        let tier = Tier {
            persons: 120,
            active: 30,
            tests: 3_000,
        };
        let mut loaded = Vec::new();
        for _ in 0..2 {
            let dir = tempfile::tempdir().unwrap();
            let ctx = open(dir.path()).await;
            ensure_loaded(&ctx, &args(dir.path()), DEFAULT_PASSWORD)
                .await
                .unwrap();
            let count = |sql: &'static str| {
                let db = ctx.db.clone();
                async move { db.scalar_i64(Q::new(sql)).await.unwrap() as usize }
            };
            let (measures, tests) = (
                count("SELECT COUNT(*) FROM measures").await,
                count("SELECT COUNT(*) FROM drug_tests").await,
            );
            let bulk = tier::load(&ctx, 3, tier).await.unwrap();
            assert!((15..=60).contains(&bulk.measures), "{bulk:?}");
            assert!((1_500..=4_500).contains(&bulk.tests), "{bulk:?}");
            assert_eq!(
                count("SELECT COUNT(*) FROM measures").await,
                measures + bulk.measures
            );
            assert_eq!(
                count("SELECT COUNT(*) FROM drug_tests").await,
                tests + bulk.tests
            );
            // No person has two open measures; every bulk person is under
            // a community measure on the register; no test in the future.
            assert_eq!(
                count("SELECT COUNT(*) FROM (SELECT person_id FROM measures WHERE NOT closed GROUP BY person_id HAVING COUNT(*) > 1) x").await,
                0
            );
            assert_eq!(
                count("SELECT COUNT(*) FROM measures m JOIN persons p ON p.id = m.person_id WHERE m.created_by IS NULL AND NOT m.closed AND p.status <> 'under_measure'").await,
                0
            );
            let today = ctx.today().to_string();
            let future = ctx
                .db
                .scalar_i64(
                    Q::new("SELECT COUNT(*) FROM drug_tests WHERE test_date > $1").bind(today),
                )
                .await
                .unwrap();
            assert_eq!(future, 0);
            assert!(audit::verify(&ctx.db, &ctx.keys).await.unwrap().ok());
            // What was tested when, with what result: the histories' ids
            // are random, their content and the bulk load's are not.
            let tests = ctx
                .db
                .fetch_all(Q::new(
                    "SELECT person_id, test_date, method, result FROM drug_tests ORDER BY person_id, test_date, method, result",
                ))
                .await
                .unwrap()
                .iter()
                .map(|r| {
                    ["person_id", "test_date", "method", "result"]
                        .map(|c| r.text(c).unwrap())
                        .join(" ")
                })
                .collect::<Vec<_>>();
            loaded.push((bulk.measures, tests));
        }
        assert_eq!(loaded[0].0, loaded[1].0);
        assert_eq!(loaded[0].1, loaded[1].1);
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
