//! Citations: the links from claims to sources, and the rule that follows their removal.

use crate::error::{Result, StoreError};
use crate::model::*;
use crate::snapshots::PreparedSnapshot;
use crate::store::*;

/// After a citation went away or changed stance: when the last citation is gone, or the claim's status no longer
/// satisfies its rule, the claim returns to unsourced in the same transaction, and the history says why.
fn enforce_rules(tx: &Tx<'_>, c: &mut Claim, why: &str) -> TxResult<()> {
    if c.status == Status::Unsourced {
        return Ok(());
    }
    let stances = tx.stances(c)?;
    let reason = if c.citations.is_empty() {
        format!("{why}; it was the claim's last citation, so the claim returns to unsourced")
    } else if !rule_holds(c.status, c.status_reason.as_deref(), &stances) {
        format!(
            "{why}; a {} claim needs {}, so the claim returns to unsourced",
            c.status,
            match c.status {
                Status::Verified => "a supporting citation",
                _ => "a contradicting citation or a written reason",
            }
        )
    } else {
        return Ok(());
    };
    let old = serde_json::json!({"status": c.status, "reason": c.status_reason});
    c.status = Status::Unsourced;
    c.status_reason = None;
    tx.event(
        Entity::Claim(c.id),
        Some(c.id),
        EventKind::StatusChanged,
        Some(old),
        Some(serde_json::json!({"status": Status::Unsourced, "reason": null})),
        Some(reason),
    )?;
    Ok(())
}

fn check_passage(p: &Option<Passage>) -> Result<()> {
    if let Some(p) = p {
        if p.start > p.end {
            return Err(StoreError::invalid(format!(
                "passage offsets {}..{} are reversed",
                p.start, p.end
            )));
        }
    }
    Ok(())
}

fn citation_json(c: &Citation) -> serde_json::Value {
    serde_json::to_value(c).unwrap_or(serde_json::Value::Null)
}

/// Trims the citation's URL and refuses an empty one, one with a NUL byte, or a reversed passage.
fn check_new_citation(new: &NewCitation) -> Result<String> {
    let url = new.url.trim().to_string();
    if url.is_empty() || url.contains('\0') {
        return Err(StoreError::invalid(
            "the citation URL is empty or contains a NUL byte",
        ));
    }
    check_passage(&new.passage)?;
    Ok(url)
}

impl Tx<'_> {
    /// Adds a checked citation (`url` is its trimmed URL) to a claim, pointing at `snapshot`, with its event.
    fn add_citation(
        &self,
        claim: Id,
        new: &NewCitation,
        url: &str,
        snapshot: Option<Id>,
    ) -> TxResult<Citation> {
        let mut c = self.claim(claim)?;
        if let Some(s) = snapshot {
            self.must::<Snapshot>(SNAPSHOTS, "snapshot", s)?;
        }
        let id = self.next_id("citation")?;
        let cit = Citation {
            id,
            claim,
            url: url.to_string(),
            stance: new.stance,
            snapshot,
            passage: new.passage.clone(),
            note: new.note.clone(),
            added_by: self.editor.to_string(),
            added_at: self.now,
            updated_at: self.now,
        };
        self.put(CITATIONS, &id_key(id), &cit)?;
        c.citations.push(id);
        c.updated_at = self.now;
        self.put_claim(&c)?;
        self.event(
            Entity::Citation(id),
            Some(claim),
            EventKind::CitationAdded,
            None,
            Some(citation_json(&cit)),
            None,
        )?;
        Ok(cit)
    }
}

/// One "cite a URL" action: everything it writes, stored together by [`Store::cite`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewCite {
    /// The archived copy of the source, when the fetch produced one. The citation then points at it, so
    /// `citation.snapshot` must be `None`.
    pub snapshot: Option<NewSnapshot>,
    /// The link check the fetch made (an observation of the sources crate, opaque here), recorded for the
    /// citation's URL about the new snapshot.
    pub check: Option<serde_json::Value>,
    /// The citation to attach.
    pub citation: NewCitation,
}

/// What [`Store::cite`] stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    /// The new snapshot, if [`NewCite::snapshot`] was given.
    pub snapshot: Option<Snapshot>,
    /// The new citation.
    pub citation: Citation,
}

impl Store {
    /// Adds a citation to a claim.
    pub fn add_citation(&self, claim: Id, new: NewCitation, editor: &str) -> Result<Citation> {
        let url = check_new_citation(&new)?;
        self.act(editor, |tx| {
            tx.add_citation(claim, &new, &url, new.snapshot)
        })
    }

    /// Cites a source for a claim as one action in one transaction, flushed once: the archived snapshot (if any),
    /// the link check and the citation, each with its history event, in that order. Either all of it is stored or,
    /// when anything is refused (a missing claim, a bad URL), none of it: a crash cannot leave a snapshot without
    /// its citation or a citation without its snapshot.
    pub fn cite(&self, claim: Id, new: NewCite, editor: &str) -> Result<Cited> {
        let url = check_new_citation(&new.citation)?;
        if new.snapshot.is_some() && new.citation.snapshot.is_some() {
            return Err(StoreError::invalid(
                "a citation with a new snapshot cannot also name an existing one",
            ));
        }
        let prepared = new.snapshot.map(PreparedSnapshot::new).transpose()?;
        self.act(editor, |tx| {
            let snapshot = prepared.as_ref().map(|p| tx.put_snapshot(p)).transpose()?;
            let snapshot_id = snapshot.as_ref().map(|s| s.id);
            if let Some(check) = &new.check {
                tx.link_check(&url, snapshot_id, check)?;
            }
            let citation = tx.add_citation(
                claim,
                &new.citation,
                &url,
                snapshot_id.or(new.citation.snapshot),
            )?;
            Ok(Cited { snapshot, citation })
        })
    }

    /// Removes a citation. When it was the claim's last one, or the claim's status no longer holds without it, the
    /// claim returns to unsourced and its history says why.
    pub fn remove_citation(
        &self,
        citation: Id,
        reason: Option<String>,
        editor: &str,
    ) -> Result<Claim> {
        self.act(editor, |tx| {
            let cit: Citation = tx.must(CITATIONS, "citation", citation)?;
            let mut c = tx.claim(cit.claim)?;
            tx.remove(CITATIONS, &id_key(citation))?;
            c.citations.retain(|&x| x != citation);
            c.updated_at = tx.now;
            tx.event(
                Entity::Citation(citation),
                Some(c.id),
                EventKind::CitationRemoved,
                Some(citation_json(&cit)),
                None,
                reason.clone(),
            )?;
            enforce_rules(
                tx,
                &mut c,
                &format!("citation {citation} ({}) was removed", cit.url),
            )?;
            tx.put_claim(&c)?;
            Ok(c)
        })
    }

    /// Changes a citation's stance, snapshot, passage or note. A stance change that breaks the claim's status rule
    /// returns the claim to unsourced, as a removal does.
    pub fn update_citation(
        &self,
        citation: Id,
        patch: CitationPatch,
        editor: &str,
    ) -> Result<Citation> {
        if let Some(p) = &patch.passage {
            check_passage(p)?;
        }
        self.act(editor, |tx| {
            let old: Citation = tx.must(CITATIONS, "citation", citation)?;
            let mut cit = old.clone();
            if let Some(s) = patch.stance {
                cit.stance = s;
            }
            if let Some(s) = patch.snapshot {
                if let Some(id) = s {
                    tx.must::<Snapshot>(SNAPSHOTS, "snapshot", id)?;
                }
                cit.snapshot = s;
            }
            if let Some(p) = &patch.passage {
                cit.passage = p.clone();
            }
            if let Some(n) = &patch.note {
                cit.note = n.clone();
            }
            if cit == old {
                return Ok(cit);
            }
            cit.updated_at = tx.now;
            tx.put(CITATIONS, &id_key(citation), &cit)?;
            tx.event(
                Entity::Citation(citation),
                Some(cit.claim),
                EventKind::CitationUpdated,
                Some(citation_json(&old)),
                Some(citation_json(&cit)),
                None,
            )?;
            if cit.stance != old.stance {
                let mut c = tx.claim(cit.claim)?;
                let before = c.status;
                enforce_rules(
                    tx,
                    &mut c,
                    &format!(
                        "citation {citation} changed from {} to {}",
                        old.stance, cit.stance
                    ),
                )?;
                if c.status != before {
                    c.updated_at = tx.now;
                    tx.put_claim(&c)?;
                }
            }
            Ok(cit)
        })
    }

    /// Sets the passage a citation points at, with its snapshot.
    pub fn update_citation_passage(
        &self,
        citation: Id,
        snapshot: Option<Id>,
        passage: Option<Passage>,
        editor: &str,
    ) -> Result<Citation> {
        self.update_citation(
            citation,
            CitationPatch {
                snapshot: Some(snapshot),
                passage: Some(passage),
                ..CitationPatch::default()
            },
            editor,
        )
    }

    /// One citation.
    pub fn citation(&self, id: Id) -> Result<Citation> {
        self.get(CITATIONS, "citation", id)
    }

    /// A claim's citations, in the order they were added.
    pub fn citations(&self, claim: Id) -> Result<Vec<Citation>> {
        let c = self.claim(claim)?;
        c.citations.iter().map(|&id| self.citation(id)).collect()
    }
}
