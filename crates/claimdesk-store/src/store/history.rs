//! Reading the history: one claim's events (through the claim -> event index) and the whole workspace's.
//!
//! Events are written by [`Tx::event`](super::Tx::event); this module only reads them.

use super::codec::{decode, id_key, second_id};
use super::{Store, CLAIM_EVENTS, EVENTS};
use crate::error::{Result, StoreError};
use crate::model::*;

impl Store {
    /// A claim's history, oldest first, including its citations' events.
    pub fn history(&self, claim: Id) -> Result<Vec<Event>> {
        self.claim(claim)?;
        let events = self.tree(EVENTS)?;
        let mut out = Vec::new();
        for kv in self.tree(CLAIM_EVENTS)?.scan_prefix(id_key(claim)) {
            let (k, _) = kv?;
            let id = second_id(&k)?;
            let bytes = events
                .get(id_key(id))?
                .ok_or_else(|| StoreError::corrupt(format!("event {id} is missing")))?;
            out.push(decode::<Event>(&bytes)?);
        }
        // Ids grow with time on one desk; in a team workspace each desk has its own id range, so the history is
        // ordered by time (then id), not by id alone.
        out.sort_by_key(|e| (e.at, e.id));
        Ok(out)
    }

    /// The whole history of the workspace, oldest first.
    pub fn events(&self) -> Result<Vec<Event>> {
        let mut out = self
            .tree(EVENTS)?
            .iter()
            .values()
            .map(|v| decode::<Event>(&v?))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|e| (e.at, e.id));
        Ok(out)
    }
}
