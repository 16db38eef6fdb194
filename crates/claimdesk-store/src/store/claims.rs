//! Claims: listing a document's claims (all, or by status from the index), counting them, and the per-claim
//! edits an editor makes: status (with its rules), check-worthiness, notes and clearing the stale flag.
//!
//! The status rules live here ([`rule_holds`]) because both setting a status and removing or changing a citation
//! must respect them.

use super::codec::{decode, id_key, second_id};
use super::tx::abort;
use super::{Store, CLAIMS, DOC_CLAIMS};
use crate::error::{Result, StoreError};
use crate::model::*;

/// Does `status` (with `reason`) hold for a claim whose citations have these stances?
pub(crate) fn rule_holds(status: Status, reason: Option<&str>, stances: &[Stance]) -> bool {
    match status {
        Status::Unsourced => true,
        Status::Verified => stances.contains(&Stance::Supports),
        Status::Disputed => {
            stances.contains(&Stance::Contradicts) || reason.is_some_and(|r| !r.trim().is_empty())
        }
    }
}

fn status_json(status: Status, reason: &Option<String>) -> serde_json::Value {
    serde_json::json!({"status": status, "reason": reason})
}

/// Text order: by position in the current version; orphans (no position there) last, by id.
fn sort_text_order(claims: &mut [Claim]) {
    claims.sort_by_key(|c| (c.orphan, if c.orphan { 0 } else { c.anchor.start }, c.id));
}

impl Store {
    fn claim_ids(&self, doc: Id) -> impl Iterator<Item = Result<(Id, sled::IVec)>> + '_ {
        let scan = self
            .tree(DOC_CLAIMS)
            .ok()
            .map(|t| t.scan_prefix(id_key(doc)));
        scan.into_iter().flatten().map(|kv| {
            let (k, v) = kv?;
            Ok((second_id(&k)?, v))
        })
    }

    /// A document's claims in text order; orphans, which have no place in the current text, come last.
    pub fn claims(&self, doc: Id) -> Result<Vec<Claim>> {
        self.claims_where(doc, None)
    }

    /// A document's counts of check-worthy claims by status, read from the per-document index alone (no claim is
    /// decoded).
    pub fn claim_counts(&self, doc: Id) -> Result<ClaimCounts> {
        self.document(doc)?;
        let mut counts = ClaimCounts::default();
        for item in self.claim_ids(doc) {
            let (id, v) = item?;
            let status = v.first().and_then(|&b| crate::model::status_from_byte(b));
            let (Some(status), Some(&checkworthy)) = (status, v.get(1)) else {
                return Err(StoreError::corrupt(format!(
                    "the index entry of claim {id} has no status or check-worthy byte"
                )));
            };
            if checkworthy == 0 {
                continue;
            }
            counts.checkworthy += 1;
            match status {
                Status::Unsourced => counts.unsourced += 1,
                Status::Verified => counts.verified += 1,
                Status::Disputed => counts.disputed += 1,
            }
        }
        Ok(counts)
    }

    /// A document's claims with one status, in text order. The status is read from the index, so only the claims
    /// returned are decoded.
    pub fn claims_with_status(&self, doc: Id, status: Status) -> Result<Vec<Claim>> {
        self.claims_where(doc, Some(status))
    }

    fn claims_where(&self, doc: Id, status: Option<Status>) -> Result<Vec<Claim>> {
        self.document(doc)?;
        let claims_tree = self.tree(CLAIMS)?;
        let mut out = Vec::new();
        for item in self.claim_ids(doc) {
            let (id, v) = item?;
            if let Some(want) = status {
                let have = v.first().and_then(|&b| crate::model::status_from_byte(b));
                if have != Some(want) {
                    continue;
                }
            }
            let bytes = claims_tree.get(id_key(id))?.ok_or_else(|| {
                StoreError::corrupt(format!("index lists claim {id}, which does not exist"))
            })?;
            out.push(decode(&bytes)?);
        }
        sort_text_order(&mut out);
        Ok(out)
    }

    /// One claim.
    pub fn claim(&self, id: Id) -> Result<Claim> {
        self.get(CLAIMS, "claim", id)
    }

    /// Sets a claim's status, enforcing the rules: verified needs a supporting citation; disputed needs a
    /// contradicting citation or a written reason. A refusal writes nothing.
    pub fn set_status(
        &self,
        claim: Id,
        status: Status,
        reason: Option<String>,
        editor: &str,
    ) -> Result<Claim> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            let stances = tx.stances(&c)?;
            if !rule_holds(status, reason.as_deref(), &stances) {
                return abort(
                    StoreError::rule(claim, status).unwrap_or_else(|| StoreError::invalid("rule")),
                );
            }
            if c.status == status && c.status_reason == reason {
                return Ok(c);
            }
            let old = status_json(c.status, &c.status_reason);
            c.status = status;
            c.status_reason = reason.clone();
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::StatusChanged,
                Some(old),
                Some(status_json(status, &reason)),
                reason.clone(),
            )?;
            Ok(c)
        })
    }

    /// Promotes (`true`) or demotes (`false`) a sentence as a check-worthy claim.
    pub fn set_checkworthy(&self, claim: Id, checkworthy: bool, editor: &str) -> Result<Claim> {
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if c.checkworthy == checkworthy {
                return Ok(c);
            }
            c.checkworthy = checkworthy;
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::CheckworthyChanged,
                Some(serde_json::json!(!checkworthy)),
                Some(serde_json::json!(checkworthy)),
                None,
            )?;
            Ok(c)
        })
    }

    /// Replaces a claim's notes.
    pub fn set_notes(&self, claim: Id, notes: &str, editor: &str) -> Result<Claim> {
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if c.notes == notes {
                return Ok(c);
            }
            let old = std::mem::replace(&mut c.notes, notes.to_string());
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::NotesChanged,
                Some(serde_json::json!(old)),
                Some(serde_json::json!(notes)),
                None,
            )?;
            Ok(c)
        })
    }

    /// Assigns a claim to a team member, or takes it back (`None`); the change is in the history.
    pub fn assign(&self, claim: Id, assignee: Option<&str>, editor: &str) -> Result<Claim> {
        let assignee = assignee.map(str::trim).filter(|a| !a.is_empty());
        if assignee.is_some_and(|a| a.chars().count() > 200 || a.chars().any(char::is_control)) {
            return Err(StoreError::invalid(
                "an assignee is a member's name: at most 200 characters, no control characters",
            ));
        }
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if c.assignee.as_deref() == assignee {
                return Ok(c);
            }
            let old = c.assignee.take();
            c.assignee = assignee.map(str::to_string);
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::ClaimAssigned,
                Some(serde_json::json!(old)),
                Some(serde_json::json!(c.assignee)),
                None,
            )?;
            Ok(c)
        })
    }

    /// Clears a claim's stale flag once the editor has reviewed the changed text.
    pub fn clear_stale(&self, claim: Id, editor: &str) -> Result<Claim> {
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if !c.stale {
                return Ok(c);
            }
            c.stale = false;
            let previous = c.previous_text.take();
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::StaleCleared,
                Some(serde_json::json!({"stale": true, "previous_text": previous})),
                Some(serde_json::json!({"stale": false})),
                None,
            )?;
            Ok(c)
        })
    }
}
