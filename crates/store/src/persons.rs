//! The person register (吸毒人员登记), basic form. ID number, phone and
//! addresses are stored encrypted; the ID number also as a blind index for
//! de-duplication. Every read takes the actor's scope.

use jindu_domain::IdNumber;
use time::Date;

use crate::crypto::Keys;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

/// A stored person with protected fields still encrypted.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub name: String,
    pub sex: String,
    pub birth_date: Date,
    pub id_number_enc: Vec<u8>,
    pub phone_enc: Option<Vec<u8>>,
    pub household_unit_id: i64,
    pub household_unit_name: String,
    pub household_address_enc: Option<Vec<u8>>,
    pub residence_unit_id: i64,
    pub residence_unit_name: String,
    pub residence_grid_id: Option<i64>,
    pub residence_grid_name: Option<String>,
    pub residence_address_enc: Option<Vec<u8>>,
    pub first_reg_unit_id: i64,
    pub first_reg_unit_name: String,
    pub first_reg_officer: String,
    pub first_reg_date: Date,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub status: String,
    pub registration_source: String,
    pub risk_level: Option<String>,
    pub assigned_worker_id: Option<i64>,
    pub assigned_worker_name: Option<String>,
    /// First day as a candidate for "戒断三年未复吸" (JDTL 7), if any.
    pub abstinence_date: Option<Date>,
    /// The police's addiction determination (CYRD 4, 6), if recorded.
    pub addiction_level: Option<String>,
    pub addiction_on: Option<Date>,
    /// CYRD 8 grounds of a severe determination, comma-separated codes.
    pub addiction_grounds: String,
}

/// The person columns with their unit names, from persons `p` and their
/// unit `o` joined by `$from`.
macro_rules! person_select {
    ($from:literal) => {
        concat!("SELECT p.id, p.county_code, p.org_unit_id, o.path AS org_path, p.name, p.sex, p.birth_date, \
p.id_number_enc, p.phone_enc, p.household_unit_id, h.name AS household_unit_name, p.household_address_enc, \
p.residence_unit_id, r.name AS residence_unit_name, p.residence_grid_id, g.name AS residence_grid_name, \
p.residence_address_enc, p.first_reg_unit_id, f.name AS first_reg_unit_name, p.first_reg_officer, p.first_reg_date, \
p.created_by, p.created_at, p.status, p.registration_source, p.risk_level, p.assigned_worker_id, \
w.display_name AS assigned_worker_name, p.abstinence_date, p.addiction_level, p.addiction_date, \
p.addiction_grounds ", $from, " \
LEFT JOIN users w ON w.id = p.assigned_worker_id \
JOIN org_units h ON h.id = p.household_unit_id \
JOIN org_units r ON r.id = p.residence_unit_id \
LEFT JOIN org_units g ON g.id = p.residence_grid_id \
JOIN org_units f ON f.id = p.first_reg_unit_id")
    };
}

const SELECT: &str = person_select!("FROM persons p JOIN org_units o ON o.id = p.org_unit_id");
/// The same rows with the persons as the outer loop: SQLite then walks the
/// list's order index and stops after the page, instead of sorting the
/// whole scope (the WHERE clause joins `o`).
const SELECT_IN_LIST_ORDER: &str = person_select!("FROM persons p CROSS JOIN org_units o");
/// The county of the unit in the SQL expression `unit`, or NULL above
/// the counties: what `persons.county_unit_id` holds (migration 0019).
pub fn county_of(unit: &str) -> String {
    format!(
        "(SELECT c.id FROM org_units u JOIN org_units c ON c.level = 'county' \
AND u.path >= c.path AND u.path < rtrim(c.path, '/') || '0' WHERE u.id = {unit})"
    )
}

/// After an org move, the persons of the moved subtree take the county
/// they now belong to.
pub async fn follow_county(tx: &mut Tx, moved_path: &str) -> StoreResult<()> {
    let (lo, hi) = jindu_domain::authz::path_range(moved_path);
    tx.execute(
        Q::new(format!(
            "UPDATE persons SET county_unit_id = {} WHERE org_unit_id IN \
(SELECT id FROM org_units WHERE path >= $1 AND path < $2)",
            county_of("persons.org_unit_id")
        ))
        .bind(lo)
        .bind(hi),
    )
    .await?;
    Ok(())
}

/// The one county every person of the filtered scope belongs to, if the
/// scope (or the unit filter narrowing it) is a county or lies inside one:
/// its id is the second in the unit's path (the city is the root).
fn scope_county(scope: &[String], f: &PersonFilter) -> Option<i64> {
    let within = |p: &String| crate::org::path_ids(p).get(1).copied();
    match (f.unit_path.as_ref().and_then(within), scope) {
        (Some(c), _) => Some(c),
        (None, [only]) => within(only),
        _ => None,
    }
}

/// From this many persons in the filtered scope, a page is read in list
/// order: a county's first pages in 2 ms rather than 20.
const LIST_ORDER_FROM: i64 = 2_000;

impl PersonRow {
    fn from_row(r: &Row) -> StoreResult<PersonRow> {
        Ok(PersonRow {
            id: r.text("id")?,
            county_code: r.text("county_code")?,
            org_unit_id: r.i64("org_unit_id")?,
            org_path: r.text("org_path")?,
            name: r.text("name")?,
            sex: r.text("sex")?,
            birth_date: r.date("birth_date")?,
            id_number_enc: r.bytes("id_number_enc")?,
            phone_enc: r.opt_bytes("phone_enc")?,
            household_unit_id: r.i64("household_unit_id")?,
            household_unit_name: r.text("household_unit_name")?,
            household_address_enc: r.opt_bytes("household_address_enc")?,
            residence_unit_id: r.i64("residence_unit_id")?,
            residence_unit_name: r.text("residence_unit_name")?,
            residence_grid_id: r.opt_i64("residence_grid_id")?,
            residence_grid_name: r.opt_text("residence_grid_name")?,
            residence_address_enc: r.opt_bytes("residence_address_enc")?,
            first_reg_unit_id: r.i64("first_reg_unit_id")?,
            first_reg_unit_name: r.text("first_reg_unit_name")?,
            first_reg_officer: r.text("first_reg_officer")?,
            first_reg_date: r.date("first_reg_date")?,
            created_by: r.opt_i64("created_by")?,
            created_at: r.i64("created_at")?,
            status: r.text("status")?,
            registration_source: r.text("registration_source")?,
            risk_level: r.opt_text("risk_level")?,
            assigned_worker_id: r.opt_i64("assigned_worker_id")?,
            assigned_worker_name: r.opt_text("assigned_worker_name")?,
            abstinence_date: r.opt_date("abstinence_date")?,
            addiction_level: r.opt_text("addiction_level")?,
            addiction_on: r.opt_date("addiction_date")?,
            addiction_grounds: r.text("addiction_grounds")?,
        })
    }
}

/// A new person, protected fields already encrypted by the service.
pub struct NewPerson {
    pub id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub name: String,
    pub sex: String,
    pub birth_date: Date,
    pub id_number_enc: Vec<u8>,
    pub id_number_bidx: Vec<u8>,
    pub phone_enc: Option<Vec<u8>>,
    pub household_unit_id: i64,
    pub household_address_enc: Option<Vec<u8>>,
    pub residence_unit_id: i64,
    pub residence_grid_id: Option<i64>,
    pub residence_address_enc: Option<Vec<u8>>,
    pub first_reg_unit_id: i64,
    pub first_reg_officer: String,
    pub first_reg_date: Date,
    pub created_by: Option<i64>,
    pub register: RegisterFields,
}

/// The register's own fields (issue 3 §1), as codes. The status of a new
/// person is always "registered"; later changes go through
/// [`update_register`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegisterFields {
    pub status: String,
    pub registration_source: String,
    pub risk_level: Option<String>,
    pub assigned_worker_id: Option<i64>,
    pub drugs: Vec<String>,
    pub tags: Vec<String>,
}

/// A person's fields in plain text, once validated.
pub struct PlainPerson<'a> {
    pub id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub name: String,
    pub id_number: &'a IdNumber,
    pub phone: Option<&'a str>,
    pub household_unit_id: i64,
    pub household_address: &'a str,
    pub residence_unit_id: i64,
    pub residence_grid_id: Option<i64>,
    pub residence_address: &'a str,
    pub first_reg_unit_id: i64,
    pub first_reg_officer: String,
    pub first_reg_date: Date,
    pub created_by: Option<i64>,
    pub register: RegisterFields,
}

/// The associated data binding a protected field to its row and column, so
/// a ciphertext copied elsewhere fails to decrypt.
pub fn field_aad(id: &str, field: &str) -> String {
    format!("persons/{id}/{field}")
}

impl NewPerson {
    /// Encrypts the protected fields (ID number, phone, addresses; empty
    /// ones stay NULL) and computes the ID number's blind index.
    pub fn seal(keys: &Keys, p: PlainPerson<'_>) -> StoreResult<NewPerson> {
        let enc = |v: &str, f: &str| keys.encrypt(v, &field_aad(&p.id, f));
        let opt =
            |v: Option<&str>, f: &str| v.filter(|s| !s.is_empty()).map(|s| enc(s, f)).transpose();
        Ok(NewPerson {
            county_code: p.county_code,
            org_unit_id: p.org_unit_id,
            name: p.name,
            sex: p.id_number.sex().code().to_string(),
            birth_date: p.id_number.birth_date(),
            id_number_enc: enc(p.id_number.as_str(), "id_number")?,
            id_number_bidx: keys.blind_index("id_number", p.id_number.as_str()),
            phone_enc: opt(p.phone, "phone")?,
            household_unit_id: p.household_unit_id,
            household_address_enc: opt(Some(p.household_address), "household_address")?,
            residence_unit_id: p.residence_unit_id,
            residence_grid_id: p.residence_grid_id,
            residence_address_enc: opt(Some(p.residence_address), "residence_address")?,
            first_reg_unit_id: p.first_reg_unit_id,
            first_reg_officer: p.first_reg_officer,
            first_reg_date: p.first_reg_date,
            created_by: p.created_by,
            register: p.register,
            id: p.id,
        })
    }
}

/// Formats 16 random bytes as a UUID v4. Person ids are made by the
/// application, so a row's encryption can bind to its id before the insert,
/// and no cross-table sequence is needed (distributed PostgreSQL, arch §5b).
pub fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = data_encoding::HEXLOWER.encode(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub async fn insert(tx: &mut Tx, p: NewPerson, now: i64) -> StoreResult<()> {
    let id = p.id.clone();
    let reg = p.register.clone();
    tx.execute(
        Q::new(format!("INSERT INTO persons (id, county_code, org_unit_id, county_unit_id, name, sex, birth_date, id_number_enc, id_number_bidx, phone_enc, household_unit_id, household_address_enc, residence_unit_id, residence_grid_id, residence_address_enc, first_reg_unit_id, first_reg_officer, first_reg_date, created_by, created_at, updated_at, status, registration_source, risk_level, assigned_worker_id) VALUES ($1,$2,$3,{county},$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19,$20,$21,$22,$23)", county = county_of("$3")))
            .bind(p.id)
            .bind(p.county_code)
            .bind(p.org_unit_id)
            .bind(p.name)
            .bind(p.sex)
            .bind(p.birth_date)
            .bind(p.id_number_enc)
            .bind(p.id_number_bidx)
            .bind(p.phone_enc)
            .bind(p.household_unit_id)
            .bind(p.household_address_enc)
            .bind(p.residence_unit_id)
            .bind(p.residence_grid_id)
            .bind(p.residence_address_enc)
            .bind(p.first_reg_unit_id)
            .bind(p.first_reg_officer)
            .bind(p.first_reg_date)
            .bind(p.created_by)
            .bind(now)
            .bind(reg.status.clone())
            .bind(reg.registration_source.clone())
            .bind(reg.risk_level.clone())
            .bind(reg.assigned_worker_id),
    )
    .await
    .map_err(|e| if e.is_unique_violation() { StoreError::Conflict("person.duplicate_id_number".into()) } else { e })?;
    replace_codes(tx, &id, &reg).await
}

/// Rewrites the person's drugs and tags.
async fn replace_codes(tx: &mut Tx, id: &str, reg: &RegisterFields) -> StoreResult<()> {
    tx.execute(Q::new("DELETE FROM person_drugs WHERE person_id = $1").bind(id))
        .await?;
    tx.execute(Q::new("DELETE FROM person_tags WHERE person_id = $1").bind(id))
        .await?;
    for d in &reg.drugs {
        tx.execute(
            Q::new("INSERT INTO person_drugs (person_id, drug) VALUES ($1, $2)")
                .bind(id)
                .bind(d.clone()),
        )
        .await?;
    }
    for t in &reg.tags {
        tx.execute(
            Q::new("INSERT INTO person_tags (person_id, tag) VALUES ($1, $2)")
                .bind(id)
                .bind(t.clone()),
        )
        .await?;
    }
    Ok(())
}

/// Updates the register fields (never the identity or the first
/// registration, which are fixed: 首次登记责任制).
pub async fn update_register(
    tx: &mut Tx,
    id: &str,
    reg: &RegisterFields,
    now: i64,
) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE persons SET status = $1, registration_source = $2, risk_level = $3, assigned_worker_id = $4, updated_at = $5 WHERE id = $6")
            .bind(reg.status.clone())
            .bind(reg.registration_source.clone())
            .bind(reg.risk_level.clone())
            .bind(reg.assigned_worker_id)
            .bind(now)
            .bind(id),
    )
    .await?;
    replace_codes(tx, id, reg).await
}

/// The person's drugs and tags, as codes.
pub async fn codes_of(db: &Db, id: &str) -> StoreResult<(Vec<String>, Vec<String>)> {
    let drugs = db
        .fetch_all(
            Q::new("SELECT drug FROM person_drugs WHERE person_id = $1 ORDER BY drug").bind(id),
        )
        .await?;
    let tags = db
        .fetch_all(Q::new("SELECT tag FROM person_tags WHERE person_id = $1 ORDER BY tag").bind(id))
        .await?;
    Ok((
        drugs
            .iter()
            .map(|r| r.text("drug"))
            .collect::<StoreResult<_>>()?,
        tags.iter()
            .map(|r| r.text("tag"))
            .collect::<StoreResult<_>>()?,
    ))
}

/// The person with this blind index, regardless of scope, as (id, org path):
/// the service decides what the actor may learn about a duplicate.
pub async fn by_blind_index(tx: &mut Tx, bidx: &[u8]) -> StoreResult<Option<(String, String)>> {
    let r = tx
        .fetch_optional(
            Q::new("SELECT p.id, o.path FROM persons p JOIN org_units o ON o.id = p.org_unit_id WHERE p.id_number_bidx = $1")
                .bind(bidx.to_vec()),
        )
        .await?;
    r.map(|r| Ok((r.text("id")?, r.text("path")?))).transpose()
}

/// As [`by_blind_index`], on the read pool (import dry runs).
pub async fn by_blind_index_read(db: &Db, bidx: &[u8]) -> StoreResult<Option<(String, String)>> {
    let r = db
        .fetch_optional(
            Q::new("SELECT p.id, o.path FROM persons p JOIN org_units o ON o.id = p.org_unit_id WHERE p.id_number_bidx = $1")
                .bind(bidx.to_vec()),
        )
        .await?;
    r.map(|r| Ok((r.text("id")?, r.text("path")?))).transpose()
}

/// One person, only if inside the scope (otherwise NotFound).
pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<PersonRow> {
    let mut q = Q::new(format!("{SELECT} WHERE p.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    PersonRow::from_row(&r)
}

/// List filters. All are optional; the scope is not one of them.
#[derive(Clone, Debug, Default)]
pub struct PersonFilter {
    pub name: Option<String>,
    pub id_number_bidx: Option<Vec<u8>>,
    pub sex: Option<String>,
    /// Restrict to this unit's subtree (already checked to be in scope or not:
    /// the scope filter applies regardless).
    pub unit_path: Option<String>,
    pub registered_from: Option<Date>,
    pub registered_to: Option<Date>,
    pub status: Option<String>,
    pub risk_level: Option<String>,
    pub tag: Option<String>,
    pub assigned_worker_id: Option<i64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PersonSort {
    #[default]
    Newest,
    Name,
    FirstRegistered,
}

fn filtered(select: &str, scope: &[String], f: &PersonFilter) -> Q {
    let mut q = Q::new(format!("{select} WHERE 1=1"));
    push_scope(&mut q, "o.path", scope);
    if let Some(p) = &f.unit_path {
        push_scope(&mut q, "o.path", std::slice::from_ref(p));
    }
    if let Some(n) = f.name.as_deref().filter(|s| !s.is_empty()) {
        q.and(
            " AND p.name LIKE $?",
            format!("{}%", n.replace(['%', '_'], "")),
        );
    }
    if let Some(b) = &f.id_number_bidx {
        q.and(" AND p.id_number_bidx = $?", b.clone());
    }
    if let Some(s) = f.sex.as_deref().filter(|s| !s.is_empty()) {
        q.and(" AND p.sex = $?", s);
    }
    if let Some(d) = f.registered_from {
        q.and(" AND p.first_reg_date >= $?", d);
    }
    if let Some(d) = f.registered_to {
        q.and(" AND p.first_reg_date <= $?", d);
    }
    if let Some(v) = &f.status {
        q.and(" AND p.status = $?", v.clone());
    }
    if let Some(v) = &f.risk_level {
        q.and(" AND p.risk_level = $?", v.clone());
    }
    if let Some(v) = &f.tag {
        q.and(
            " AND EXISTS (SELECT 1 FROM person_tags t WHERE t.person_id = p.id AND t.tag = $?)",
            v.clone(),
        );
    }
    if let Some(v) = f.assigned_worker_id {
        q.and(" AND p.assigned_worker_id = $?", v);
    }
    q
}

const COUNT_FROM: &str = "SELECT COUNT(*) FROM persons p JOIN org_units o ON o.id = p.org_unit_id";

pub async fn list(
    db: &Db,
    scope: &[String],
    f: &PersonFilter,
    sort: PersonSort,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<PersonRow>, i64)> {
    let total = db.scalar_i64(filtered(COUNT_FROM, scope, f)).await?;
    let mut q = if total >= LIST_ORDER_FROM {
        let mut q = filtered(SELECT_IN_LIST_ORDER, scope, f);
        // The walk then follows the county's own stretch of the index.
        if let Some(c) = scope_county(scope, f) {
            q.and(" AND p.county_unit_id = $?", c);
        }
        q.push_sql(" AND o.id = p.org_unit_id");
        q
    } else {
        filtered(SELECT, scope, f)
    };
    q.push_sql(match sort {
        PersonSort::Newest => " ORDER BY p.created_at DESC, p.id",
        PersonSort::Name => " ORDER BY p.name, p.id",
        PersonSort::FirstRegistered => " ORDER BY p.first_reg_date DESC, p.id",
    });
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db
        .fetch_all(q)
        .await?
        .iter()
        .map(PersonRow::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((rows, total))
}

/// Persons in scope, for tests' independent oracle and for exports.
pub async fn count(db: &Db, scope: &[String]) -> StoreResult<i64> {
    db.scalar_i64(filtered(COUNT_FROM, scope, &PersonFilter::default()))
        .await
}

/// The person's unit and county code, inside the writing transaction.
pub async fn unit_tx(tx: &mut Tx, id: &str) -> StoreResult<(i64, String)> {
    let r = tx
        .fetch_one(Q::new("SELECT org_unit_id, county_code FROM persons WHERE id = $1").bind(id))
        .await?;
    Ok((r.i64("org_unit_id")?, r.text("county_code")?))
}

/// What a person's indicator memberships depend on.
#[derive(Clone, Debug)]
pub struct Counting {
    pub id: String,
    pub first_reg_unit_id: i64,
    pub first_reg_date: Date,
    pub birth_date: Date,
    pub status: String,
    pub org_unit_id: i64,
    pub addiction_level: Option<String>,
}

/// Every person as they count, for an indicator rebuild.
pub async fn all_counting_tx(tx: &mut Tx) -> StoreResult<Vec<Counting>> {
    tx.fetch_all(Q::new(
        "SELECT id, first_reg_unit_id, first_reg_date, birth_date, status, org_unit_id, addiction_level FROM persons",
    ))
    .await?
    .iter()
    .map(|r| {
        Ok(Counting {
            id: r.text("id")?,
            first_reg_unit_id: r.i64("first_reg_unit_id")?,
            first_reg_date: r.date("first_reg_date")?,
            birth_date: r.date("birth_date")?,
            status: r.text("status")?,
            org_unit_id: r.i64("org_unit_id")?,
            addiction_level: r.opt_text("addiction_level")?,
        })
    })
    .collect()
}

/// What a person's place in the stock indicators depends on, inside the
/// writing transaction: the register status, the unit and the addiction
/// determination's level.
pub async fn control_tx(tx: &mut Tx, id: &str) -> StoreResult<(String, i64, Option<String>)> {
    let r = tx
        .fetch_one(
            Q::new("SELECT status, org_unit_id, addiction_level FROM persons WHERE id = $1")
                .bind(id),
        )
        .await?;
    Ok((
        r.text("status")?,
        r.i64("org_unit_id")?,
        r.opt_text("addiction_level")?,
    ))
}

/// Records the police's addiction determination (CYRD 4, 6): the level,
/// its day and the CYRD 8 grounds (comma-separated codes).
pub async fn set_addiction(
    tx: &mut Tx,
    id: &str,
    level: &str,
    on: Date,
    grounds: &str,
    now: i64,
) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE persons SET addiction_level = $1, addiction_date = $2, addiction_grounds = $3, updated_at = $4 WHERE id = $5")
            .bind(level)
            .bind(on)
            .bind(grounds)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}
