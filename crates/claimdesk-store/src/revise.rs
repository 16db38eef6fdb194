//! Revised drafts: a new version of a document, with every claim re-anchored (see [`crate::reanchor`]).

use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::model::*;
use crate::reanchor::{reanchor, OldClaim, Placement};
use crate::store::*;

/// What a revised draft did to a document's claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionReport {
    /// The document after the revision.
    pub document: Document,
    /// The new version's number.
    pub version: u32,
    /// Claims found again with unchanged text, in place.
    pub kept: Vec<Id>,
    /// Claims found again with unchanged text somewhere else (fuzzy match).
    pub moved: Vec<Id>,
    /// Claims whose text changed: kept, with status and citations, but marked stale.
    pub stale: Vec<Id>,
    /// Claims not found in the new text: kept and listed as orphans.
    pub orphaned: Vec<Id>,
    /// New claims for new sentences.
    pub created: Vec<Id>,
}

impl Store {
    /// Imports a revised draft of document `doc` as its next version and re-anchors every claim.
    ///
    /// Claims keep their status, citations and notes whatever happens to their text; changed ones become stale
    /// (with the previous text kept for a diff view), lost ones orphans. Nothing is dropped.
    pub fn revise_document(
        &self,
        doc: Id,
        revision: Revision,
        editor: &str,
    ) -> Result<RevisionReport> {
        let new_claims = validate_claims(&revision.text, &revision.claims)?;
        let spans: Vec<(usize, usize)> = new_claims.iter().map(|c| (c.start, c.end)).collect();
        let sha = sha256_hex(revision.text.as_bytes());
        loop {
            // The diff is computed outside the transaction (it is the slow part); the transaction then checks that
            // no other revision slipped in meanwhile, and starts over if one did.
            let before = self.document(doc)?;
            let old_version = before.current_version();
            let old_text = self.document_version(doc, old_version)?.text;
            let claims = self.claims(doc)?;
            let olds: Vec<OldClaim<'_>> = claims
                .iter()
                .map(|c| OldClaim {
                    anchor: &c.anchor,
                    in_old_text: !c.orphan && c.anchor.version == old_version,
                })
                .collect();
            let placements = reanchor(&old_text, &olds, &revision.text, &spans);
            let Some(version) = old_version.checked_add(1) else {
                return Err(StoreError::corrupt(format!(
                    "document {doc} is at its maximum version number ({old_version}); it cannot be revised"
                )));
            };
            let new_anchors = anchors(&revision.text, version, &spans);

            let done = self.act(editor, |tx| {
                let mut document: Document = tx.must(DOCUMENTS, "document", doc)?;
                if document.current_version() != old_version {
                    return Ok(None);
                }
                let info = VersionInfo {
                    number: version,
                    sha256: sha.clone(),
                    bytes: revision.text.len(),
                    file_name: revision.file_name.clone(),
                    imported_at: tx.now,
                    editor: editor.to_string(),
                };
                document.versions.push(info.clone());
                document.updated_at = tx.now;
                tx.put(DOCUMENTS, &id_key(doc), &document)?;
                let record = DocumentVersion { document: doc, info, text: revision.text.clone() };
                tx.put(VERSIONS, &version_key(doc, version), &record)?;

                let mut report = RevisionReport {
                    document: document.clone(),
                    version,
                    kept: vec![],
                    moved: vec![],
                    stale: vec![],
                    orphaned: vec![],
                    created: vec![],
                };
                let mut used = vec![false; new_claims.len()];
                for (old, placement) in claims.iter().zip(&placements) {
                    // Re-read: the editor may have changed the claim's status since the scan above.
                    let mut c = tx.claim(old.id)?;
                    let was_orphan = c.orphan;
                    let target = match *placement {
                        Placement::Kept { sentence, moved } => Some((sentence, moved)),
                        Placement::Stale { sentence } => Some((sentence, false)),
                        Placement::Orphan => None,
                    };
                    match target {
                        Some((sentence, moved)) if sentence < used.len() => {
                            used[sentence] = true;
                            let (Some(nc), Some(anchor)) = (new_claims.get(sentence), new_anchors.get(sentence)) else {
                                continue;
                            };
                            let old_text = std::mem::replace(&mut c.text, nc.text.clone());
                            c.anchor = anchor.clone();
                            c.detection = nc.detection.clone();
                            c.orphan = false;
                            c.updated_at = tx.now;
                            let stale = matches!(placement, Placement::Stale { .. });
                            if stale {
                                // Keep the text the verdict was given on, across several unreviewed revisions.
                                if !c.stale {
                                    c.previous_text = Some(old_text.clone());
                                }
                                c.stale = true;
                                report.stale.push(c.id);
                                tx.event(
                                    Entity::Claim(c.id),
                                    Some(c.id),
                                    EventKind::ClaimStale,
                                    Some(serde_json::json!({"text": old_text, "version": old.anchor.version})),
                                    Some(serde_json::json!({"text": c.text, "version": version})),
                                    Some(format!("the text changed in version {version}")),
                                )?;
                            } else if moved || was_orphan {
                                report.moved.push(c.id);
                                tx.event(
                                    Entity::Claim(c.id),
                                    Some(c.id),
                                    EventKind::ClaimMoved,
                                    Some(serde_json::json!({"start": old.anchor.start, "version": old.anchor.version,
                                                            "orphan": was_orphan})),
                                    Some(serde_json::json!({"start": c.anchor.start, "version": version})),
                                    Some(format!("found again in version {version} by its quote and context")),
                                )?;
                            } else {
                                report.kept.push(c.id);
                            }
                        }
                        _ => {
                            report.orphaned.push(c.id);
                            if !c.orphan {
                                c.orphan = true;
                                c.updated_at = tx.now;
                                tx.event(
                                    Entity::Claim(c.id),
                                    Some(c.id),
                                    EventKind::ClaimOrphaned,
                                    None,
                                    None,
                                    Some(format!("not found in version {version}; kept as an orphan")),
                                )?;
                            }
                        }
                    }
                    tx.put_claim(&c)?;
                }
                let fresh: Vec<NewClaim> =
                    new_claims.iter().zip(&used).filter(|(_, &u)| !u).map(|(c, _)| c.clone()).collect();
                let fresh_spans: Vec<usize> = (0..new_claims.len()).filter(|&j| !used[j]).collect();
                for (nc, j) in fresh.iter().zip(fresh_spans) {
                    let Some(anchor) = new_anchors.get(j) else { continue };
                    let id = tx.next_id("claim")?;
                    let claim = new_claim_record(id, doc, nc, anchor.clone(), tx.now);
                    tx.put_claim(&claim)?;
                    tx.event(
                        Entity::Claim(id),
                        Some(id),
                        EventKind::ClaimCreated,
                        None,
                        Some(serde_json::json!({"text": claim.text, "version": version, "start": nc.start,
                                                "end": nc.end, "status": claim.status,
                                                "checkworthy": claim.checkworthy})),
                        None,
                    )?;
                    report.created.push(id);
                }
                tx.event(
                    Entity::Document(doc),
                    None,
                    EventKind::DocumentRevised,
                    Some(serde_json::json!({"version": old_version})),
                    Some(serde_json::json!({"version": version, "sha256": sha, "file_name": revision.file_name,
                        "kept": report.kept.len(), "moved": report.moved.len(), "stale": report.stale.len(),
                        "orphaned": report.orphaned.len(), "created": report.created.len()})),
                    None,
                )?;
                Ok(Some(report))
            })?;
            if let Some(report) = done {
                return Ok(report);
            }
        }
    }
}
