//! Roles as the console shows and accepts them.

use jindu_domain::authz::Role;

/// Chinese name of a role, the same as the web UI shows.
pub fn name_zh(role: Role) -> &'static str {
    jindu_web::i18n::Lang::Zh.tf("role", role.code())
}

/// Parses a role code (`sec_admin`; `sec-admin` is accepted too), for clap.
pub fn parse(text: &str) -> Result<Role, String> {
    let code = text.trim().to_ascii_lowercase().replace('-', "_");
    Role::from_code(&code).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("unknown role '{text}'; one of: {}", all.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips() {
        for role in Role::ALL {
            assert_eq!(parse(role.code()), Ok(role));
            assert_eq!(
                parse(&role.code().replace('_', "-").to_uppercase()),
                Ok(role)
            );
            assert!(!name_zh(role).is_empty());
        }
        assert!(parse("root").is_err_and(|e| e.contains("sys_admin")));
    }
}
