//! The names and units of persons met in link analysis, kept in memory so
//! a chain of a thousand persons is named and scoped without reading them
//! again (performance.md B6). A person's name never changes; their unit
//! changes when a transfer is received (which forgets the person here) and
//! a unit's path when the unit moves (which forgets every path). Anything
//! missing is read from the database. A read that raced a change is not
//! kept: each forgetting bumps a generation, and a read taken under an
//! older one is used once, not stored.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use jindu_domain::authz::path_within;

use super::{Ctx, ServiceResult};
use crate::batch::by_keys;
use crate::org;

/// Name and unit by person; path by unit.
#[derive(Clone, Default)]
pub struct NameCache {
    persons: Arc<RwLock<HashMap<String, (String, i64)>>>,
    paths: Arc<RwLock<Arc<HashMap<i64, String>>>>,
    generation: Arc<AtomicU64>,
}

impl NameCache {
    /// After a transfer's receipt: the person's unit changed.
    pub(super) fn forget_person(&self, person: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.persons
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(person);
    }

    /// After a unit moved: every path below it changed.
    pub(super) fn forget_paths(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        *self.paths.write().unwrap_or_else(PoisonError::into_inner) = Arc::default();
    }
}

impl Ctx {
    /// Reads every unit's path into the cache if it holds none (at
    /// start-up, so the first chain does not wait for them).
    pub(super) async fn warm_unit_paths(&self) -> ServiceResult<()> {
        let cache = &self.links.names;
        let generation = cache.generation.load(Ordering::SeqCst);
        if !cache
            .paths
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty()
        {
            return Ok(());
        }
        let paths = Arc::new(org::all_paths(&self.db).await?);
        if cache.generation.load(Ordering::SeqCst) == generation {
            *cache.paths.write().unwrap_or_else(PoisonError::into_inner) = paths;
        }
        Ok(())
    }

    /// The names of those of `ids` inside `scope`.
    pub(super) async fn names_in_scope(
        &self,
        ids: &[String],
        scope: &[String],
    ) -> ServiceResult<HashMap<String, String>> {
        let cache = &self.links.names;
        let generation = cache.generation.load(Ordering::SeqCst);
        let mut known: HashMap<String, (String, i64)> = HashMap::new();
        let missing: Vec<String> = {
            let persons = cache.persons.read().unwrap_or_else(PoisonError::into_inner);
            ids.iter()
                .filter(|id| match persons.get(*id) {
                    Some(v) => {
                        known.insert((*id).clone(), v.clone());
                        false
                    }
                    None => true,
                })
                .cloned()
                .collect()
        };
        if !missing.is_empty() {
            let select = "SELECT p.id, p.name, p.org_unit_id FROM persons p";
            let read = by_keys(&self.db, select, "p.id", "id", "", &missing, |r| {
                Ok((r.text("name")?, r.i64("org_unit_id")?))
            })
            .await?;
            if cache.generation.load(Ordering::SeqCst) == generation {
                let mut persons = cache
                    .persons
                    .write()
                    .unwrap_or_else(PoisonError::into_inner);
                persons.extend(read.iter().cloned());
            }
            known.extend(read);
        }
        let mut paths = cache
            .paths
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if known.values().any(|(_, unit)| !paths.contains_key(unit)) {
            paths = Arc::new(org::all_paths(&self.db).await?);
            if cache.generation.load(Ordering::SeqCst) == generation {
                *cache.paths.write().unwrap_or_else(PoisonError::into_inner) = paths.clone();
            }
        }
        Ok(known
            .into_iter()
            .filter(|(_, (_, unit))| {
                paths
                    .get(unit)
                    .is_some_and(|path| scope.iter().any(|s| path_within(path, s)))
            })
            .map(|(id, (name, _))| (id, name))
            .collect())
    }
}
