//! The demo accounts: one per role, placed in the generated city, all with
//! the same password; the three administrators with a TOTP secret already
//! enrolled, so every account can log in at once.

use jindu_domain::authz::{Role, ScopeKind};
use jindu_domain::totp;
use jindu_store::audit::AuditEvent;
use jindu_store::crypto::random_bytes;
use jindu_store::org::OrgUnit;
use jindu_store::service::{Ctx, hash_password, verify_password};
use jindu_store::users::{self, NewUser, UserChange};
use serde_json::json;

use super::load::loader_actor;
use crate::failure::{CliResult, Failure};

/// Password of every demo account unless `--password` is given. It meets
/// the password policy for every demo username (a test checks).
pub const DEFAULT_PASSWORD: &str = "Jindu-Demo-2026!";

/// Issuer shown in authenticator apps.
pub const TOTP_ISSUER: &str = "Jindu";

/// The units the demo accounts work in.
pub struct Units<'a> {
    pub city: &'a OrgUnit,
    pub county: &'a OrgUnit,
    pub township: &'a OrgUnit,
    pub community: &'a OrgUnit,
}

pub struct Spec<'a> {
    pub username: &'static str,
    pub role: Role,
    pub display_name: String,
    pub unit: &'a OrgUnit,
}

/// Usernames in the order they are listed.
pub const USERNAMES: [&str; 9] = [
    "admin",
    "secadmin",
    "auditor",
    "city_officer",
    "leader",
    "county_officer",
    "police",
    "township_officer",
    "social_worker",
];

pub fn specs<'a>(u: &Units<'a>) -> Vec<Spec<'a>> {
    // A 区 has a 公安分局, a 县 or 县级市 its own 公安局.
    let police_station = if u.county.name.ends_with('区') {
        "公安分局"
    } else {
        "公安局"
    };
    let spec = |username, role, display_name: String, unit| Spec {
        username,
        role,
        display_name,
        unit,
    };
    vec![
        spec("admin", Role::SysAdmin, "系统管理员".into(), u.city),
        spec("secadmin", Role::SecAdmin, "安全管理员".into(), u.city),
        spec("auditor", Role::AuditAdmin, "审计管理员".into(), u.city),
        spec(
            "city_officer",
            Role::CityOfficer,
            "市禁毒办 张明".into(),
            u.city,
        ),
        spec("leader", Role::Leader, "市禁毒委 李建国".into(), u.city),
        spec(
            "county_officer",
            Role::CountyOfficer,
            format!("{}禁毒办 王芳", u.county.name),
            u.county,
        ),
        spec(
            "police",
            Role::PoliceOfficer,
            format!("{}{police_station} 陈刚", u.county.name),
            u.county,
        ),
        spec(
            "township_officer",
            Role::TownshipOfficer,
            format!("{} 禁毒专干 刘洋", u.township.name),
            u.township,
        ),
        spec(
            "social_worker",
            Role::SocialWorker,
            format!("{} 禁毒社工 赵敏", u.community.name),
            u.community,
        ),
    ]
}

/// Creates the accounts in one transaction with one audit entry. Each has
/// all three scopes on its own unit and need not change its password; the
/// administrators get an enrolled TOTP secret, stored as
/// `Ctx::confirm_enrolment` stores it.
pub async fn create(ctx: &Ctx, specs: &[Spec<'_>], password: &str) -> CliResult<()> {
    check_password(password)?;
    let mut hashes = Vec::with_capacity(specs.len());
    for _ in specs {
        hashes.push(hash_password(password).await?);
    }
    let now = ctx.now_ms();
    let mut tx = ctx.db.begin().await?;
    for (s, hash) in specs.iter().zip(&hashes) {
        let new = NewUser {
            username: s.username,
            display_name: &s.display_name,
            org_unit_id: s.unit.id,
            role: s.role,
            password_hash: hash,
            must_change_password: false,
        };
        let id = users::insert(&mut tx, &new, now).await?;
        for kind in ScopeKind::ALL {
            users::set_scope(&mut tx, id, kind, &[s.unit.id]).await?;
        }
        if s.role.requires_totp() {
            let secret = totp::encode_secret(&random_bytes::<20>());
            let enc = ctx.keys.encrypt(&secret, &format!("users/{id}/totp"))?;
            users::update(&mut tx, id, UserChange::TotpSecret(Some(enc)), now).await?;
        }
    }
    let ev = AuditEvent::new("demo.load", "user", "").details(json!({ "users": specs.len() }));
    ctx.commit_audited(tx, &loader_actor(), ev).await?;
    Ok(())
}

/// The password must meet the policy for every demo account.
pub fn check_password(password: &str) -> CliResult<()> {
    for name in USERNAMES {
        jindu_domain::check_password(password, name)
            .map_err(|e| Failure::new(format!("--password is refused for account {name}: {e}")))?;
    }
    Ok(())
}

/// A demo account as printed at start.
pub struct Shown {
    pub username: String,
    pub role: Role,
    pub display_name: String,
    pub unit: String,
    /// Whether the given password still opens the account.
    pub password_matches: bool,
    /// The enrolled TOTP secret (base32), for the administrators.
    pub totp_secret: Option<String>,
}

impl Shown {
    pub fn otpauth_uri(&self) -> Option<String> {
        let secret = totp::decode_secret(self.totp_secret.as_deref()?)?;
        Some(totp::otpauth_uri(TOTP_ISSUER, &self.username, &secret))
    }
}

/// The demo accounts as they are now (on every run, not only the first).
pub async fn show(ctx: &Ctx, password: &str) -> CliResult<Vec<Shown>> {
    let mut out = Vec::new();
    for name in USERNAMES {
        let Some(u) = users::by_username(&ctx.db, name).await? else {
            continue;
        };
        let totp_secret = match &u.totp_secret {
            Some(enc) => Some(ctx.keys.decrypt(enc, &format!("users/{}/totp", u.id))?),
            None => None,
        };
        out.push(Shown {
            password_matches: verify_password(password, Some(&u.password_hash)).await,
            username: u.username,
            role: u.role,
            display_name: u.display_name,
            unit: u.org_name,
            totp_secret,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_password_meets_the_policy_for_every_account() {
        for name in USERNAMES {
            assert_eq!(
                jindu_domain::check_password(DEFAULT_PASSWORD, name),
                Ok(()),
                "{name}"
            );
        }
    }
}
