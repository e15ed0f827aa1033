//! Org units looked up once per operation: a registration touches up to four
//! units, an import of 10,000 rows the same few hundred again and again.

use std::collections::HashMap;

use jindu_domain::org::OrgLevel;

use crate::Db;
use crate::error::StoreResult;
use crate::org::{self, OrgUnit};

#[derive(Default)]
pub struct UnitCache {
    by_id: HashMap<i64, Option<OrgUnit>>,
    code_to_id: HashMap<String, Option<i64>>,
}

impl UnitCache {
    pub async fn get(&mut self, db: &Db, id: i64) -> StoreResult<Option<OrgUnit>> {
        if let Some(u) = self.by_id.get(&id) {
            return Ok(u.clone());
        }
        let u = match org::get(db, id).await {
            Ok(u) => Some(u),
            Err(crate::StoreError::NotFound) => None,
            Err(e) => return Err(e),
        };
        self.by_id.insert(id, u.clone());
        Ok(u)
    }

    pub async fn by_code(&mut self, db: &Db, code: &str) -> StoreResult<Option<OrgUnit>> {
        let id = match self.code_to_id.get(code) {
            Some(id) => *id,
            None => {
                let u = org::by_code(db, code).await?;
                let id = u.as_ref().map(|u| u.id);
                if let Some(u) = u {
                    self.by_id.insert(u.id, Some(u));
                }
                self.code_to_id.insert(code.to_string(), id);
                id
            }
        };
        match id {
            Some(id) => self.get(db, id).await,
            None => Ok(None),
        }
    }

    /// The code of the county the unit lies in (every business row carries
    /// it, so a distributed PostgreSQL can shard by it — architecture §5b).
    pub async fn county_code(&mut self, db: &Db, unit: &OrgUnit) -> StoreResult<String> {
        for id in unit.path_ids() {
            if let Some(u) = self.get(db, id).await?
                && u.level == OrgLevel::County
            {
                return Ok(u.code);
            }
        }
        Ok(unit.code.chars().take(6).collect())
    }
}
