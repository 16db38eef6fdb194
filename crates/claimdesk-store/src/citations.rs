//! Citations: the links from claims to sources, and the rule that follows their removal.

use crate::error::{Result, StoreError};
use crate::model::*;
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

impl Store {
    /// Adds a citation to a claim.
    pub fn add_citation(&self, claim: Id, new: NewCitation, editor: &str) -> Result<Citation> {
        let url = new.url.trim().to_string();
        if url.is_empty() || url.contains('\0') {
            return Err(StoreError::invalid(
                "the citation URL is empty or contains a NUL byte",
            ));
        }
        check_passage(&new.passage)?;
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if let Some(s) = new.snapshot {
                tx.must::<Snapshot>(SNAPSHOTS, "snapshot", s)?;
            }
            let id = tx.next_id("citation")?;
            let cit = Citation {
                id,
                claim,
                url: url.clone(),
                stance: new.stance,
                snapshot: new.snapshot,
                passage: new.passage.clone(),
                note: new.note.clone(),
                added_by: editor.to_string(),
                added_at: tx.now,
                updated_at: tx.now,
            };
            tx.put(CITATIONS, &id_key(id), &cit)?;
            c.citations.push(id);
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Citation(id),
                Some(claim),
                EventKind::CitationAdded,
                None,
                Some(citation_json(&cit)),
                None,
            )?;
            Ok(cit)
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
