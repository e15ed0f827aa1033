//! The facts behind a "戒断三年未复吸" proposal (JDTL 7) and the persons
//! whose proposal day has come, read through `persons.abstinence_date`,
//! which the service keeps in step on every measure and test write.

use time::Date;

use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;
use crate::scope::push_scope;

/// A person's measures (snapshot, closed) and last positive test.
pub struct PersonFacts {
    pub measure_snapshots: Vec<(String, bool)>,
    pub last_positive: Option<Date>,
}

pub async fn facts(tx: &mut Tx, person_id: &str) -> StoreResult<PersonFacts> {
    let measures = tx
        .fetch_all(
            Q::new("SELECT snapshot, closed FROM measures WHERE person_id = $1").bind(person_id),
        )
        .await?
        .iter()
        .map(|r| Ok((r.text("snapshot")?, r.bool("closed")?)))
        .collect::<StoreResult<Vec<_>>>()?;
    let last_positive = tx
        .fetch_one(
            Q::new("SELECT MAX(test_date) AS d FROM drug_tests WHERE person_id = $1 AND result = 'positive'")
                .bind(person_id),
        )
        .await?
        .opt_date("d")?;
    Ok(PersonFacts {
        measure_snapshots: measures,
        last_positive,
    })
}

pub async fn set_date(tx: &mut Tx, person_id: &str, day: Option<Date>) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE persons SET abstinence_date = $1 WHERE id = $2")
            .bind(day)
            .bind(person_id),
    )
    .await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub person_id: String,
    pub person_name: String,
    pub candidate_on: Date,
    /// The person's unit, for the supervisor's counts.
    pub org_path: String,
}

/// Persons in the scope who are candidates on `today` and not yet
/// confirmed (or closed for another reason), oldest first, at most `limit`.
pub async fn candidates_in_scope(
    db: &Db,
    scope: &[String],
    today: Date,
    limit: i64,
) -> StoreResult<Vec<Candidate>> {
    let mut q = Q::new(
        "SELECT p.id, p.name, p.abstinence_date, o.path FROM persons p JOIN org_units o ON o.id = p.org_unit_id \
         WHERE p.abstinence_date <= $1 AND p.status = 'registered'",
    );
    let _ = q.push_arg(today);
    push_scope(&mut q, "o.path", scope);
    q.and(" ORDER BY p.abstinence_date LIMIT $?", limit);
    db.fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok(Candidate {
                person_id: r.text("id")?,
                person_name: r.text("name")?,
                candidate_on: r.date("abstinence_date")?,
                org_path: r.text("path")?,
            })
        })
        .collect()
}
