//! Crawls every page reachable by following links, as roles without reveal
//! permission (and as roles with it, without revealing), and checks that no
//! complete ID number or phone number appears anywhere.

use std::collections::{BTreeSet, VecDeque};

use crate::harness::TestServer;

fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .filter(|h| h.starts_with('/') && !h.starts_with("//") && !h.starts_with("/static/"))
        .collect()
}

#[tokio::test]
async fn no_page_or_api_answer_shows_a_full_id_or_phone_number() {
    let s = TestServer::start().await;
    for user in [
        "leader_city",
        "cityofficer_city",
        "countyofficer_a",
        "socialworker_a",
        "sysadmin_city",
        "auditor_city",
        "secadmin_city",
    ] {
        let c = s.login(user).await;
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<String> = [
            "/",
            "/persons",
            "/orgs",
            "/users",
            "/audit",
            "/account",
            "/api/v1/persons?per_page=100",
            "/api/v1/me",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for k in s.fx.persons.values() {
            queue.push_back(format!("/persons/{k}"));
            queue.push_back(format!("/api/v1/persons/{k}"));
        }
        while let Some(path) = queue.pop_front() {
            if seen.len() >= 150 || !seen.insert(path.clone()) {
                continue;
            }
            let (status, body) = c.get_text(&path).await;
            for secret in &s.fx.secrets {
                assert!(
                    !body.contains(secret.as_str()),
                    "{user} GET {path} ({status}) shows {secret}"
                );
            }
            if status == 200 && !path.starts_with("/api/") {
                queue.extend(links(&body));
            }
        }
        assert!(seen.len() >= 8, "{user} crawled {} pages", seen.len());
    }
}
