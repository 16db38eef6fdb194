//! Workspace-level operations: backup and restore of a whole workspace, revised drafts, and the editor's promotion
//! or demotion of a sentence.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::changes::ClaimChange;
use crate::{file_error, new_claims, read_draft, store, text};
use crate::{ApiError, ApiResult, Claimdesk, ErrorCode};

/// What importing a workspace file brought in (`claimdesk import-workspace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorkspaceImportSummary {
    /// Documents imported.
    pub documents: u32,
    /// Claims (sentences) imported.
    pub claims: u32,
    /// Citations imported.
    pub citations: u32,
    /// Archived source snapshots imported.
    pub snapshots: u32,
    /// History events imported.
    pub events: u32,
}

/// What a revised draft did to a document's claims. Nothing is ever dropped: every old claim is in exactly one of
/// `kept`, `moved`, `stale` or `orphaned`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionSummary {
    /// The document.
    #[ts(type = "number")]
    pub document: u64,
    /// The new version's number (2 for the first revision).
    pub version: u32,
    /// Claims found again, unchanged, in place: status and citations kept.
    #[ts(type = "Array<number>")]
    pub kept: Vec<u64>,
    /// Claims found again, unchanged, elsewhere (or back from being orphans): status and citations kept.
    #[ts(type = "Array<number>")]
    pub moved: Vec<u64>,
    /// Claims whose text changed: status and citations kept, marked stale for a second look.
    #[ts(type = "Array<number>")]
    pub stale: Vec<u64>,
    /// Claims the revised draft no longer contains: kept and listed as orphans.
    #[ts(type = "Array<number>")]
    pub orphaned: Vec<u64>,
    /// New claims for new sentences.
    #[ts(type = "Array<number>")]
    pub created: Vec<u64>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Claimdesk {
    /// Writes the whole workspace (documents, versions, claims, citations, snapshots with their raw bodies, history)
    /// to one file, for backup or for moving to another machine. The file appears atomically when complete.
    pub fn export_workspace(&self, path: &Path) -> ApiResult<()> {
        if path.is_dir() {
            return Err(ApiError::new(
                ErrorCode::NotAFile,
                format!(
                    "{} is a folder; give a file name to export to.",
                    path.display()
                ),
            ));
        }
        self.store.export_to(path).map_err(|e| match e {
            store::StoreError::Io(io) => ApiError::new(
                ErrorCode::Io,
                format!("Could not write {}: {io}.", path.display()),
            ),
            other => other.into(),
        })
    }

    /// Reads a workspace file (from [`Claimdesk::export_workspace`]) into this workspace, which must be empty so
    /// that ids cannot collide. A bad file imports nothing.
    pub fn import_workspace(&self, path: &Path) -> ApiResult<WorkspaceImportSummary> {
        crate::files::check_regular_file(path, "workspace file")?;
        let s = self.store.import_from(path).map_err(|e| match e {
            store::StoreError::Io(io) => file_error(path, &io),
            other => other.into(),
        })?;
        self.memory_changed();
        Ok(WorkspaceImportSummary {
            documents: count(s.documents),
            claims: count(s.claims),
            citations: count(s.citations),
            snapshots: count(s.snapshots),
            events: count(s.events),
        })
    }

    /// Imports a revised draft file as the next version of document `doc` and re-anchors every claim.
    ///
    /// `title` must be absent or equal to the document's title: the store keeps a document's title for its whole
    /// life, and silently ignoring a new one would mislead the editor.
    pub fn revise_file(
        &self,
        doc: u64,
        path: &Path,
        title: Option<String>,
    ) -> ApiResult<RevisionSummary> {
        let current = self.store.document(doc)?;
        if let Some(t) = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
        {
            if t != current.title {
                return Err(ApiError::invalid(format!(
                    "A revised draft keeps its document's title ({:?}); Claimdesk cannot rename a document.",
                    current.title
                )));
            }
        }
        let (name, draft) = read_draft(path)?;
        self.revise(doc, Some(name), draft)
    }

    /// Imports pasted text as the next version of document `doc` (the UI's re-import) and re-anchors every claim.
    pub fn revise_text(&self, doc: u64, text: &str) -> ApiResult<RevisionSummary> {
        let draft = text::import::import_pasted(text)?;
        self.revise(doc, None, draft)
    }

    fn revise(
        &self,
        doc: u64,
        file_name: Option<String>,
        draft: text::import::ImportedDraft,
    ) -> ApiResult<RevisionSummary> {
        let claims = new_claims(&draft);
        let r = self.store.revise_document(
            doc,
            store::Revision {
                file_name,
                text: draft.text,
                claims,
            },
            &self.editor(),
        )?;
        self.memory_changed();
        Ok(RevisionSummary {
            document: doc,
            version: r.version,
            kept: r.kept,
            moved: r.moved,
            stale: r.stale,
            orphaned: r.orphaned,
            created: r.created,
        })
    }

    /// Promotes (`true`) or demotes (`false`) a sentence as a check-worthy claim. The history records the change;
    /// a revised draft keeps the editor's choice.
    pub fn set_checkworthy(&self, claim: u64, checkworthy: bool) -> ApiResult<ClaimChange> {
        let c = self
            .store
            .set_checkworthy(claim, checkworthy, &self.editor())?;
        self.memory_changed();
        self.claim_change(&c)
    }

    /// Replaces a claim's notes (the editor's own working notes; they are kept in the history, not in reports).
    pub fn set_notes(&self, claim: u64, notes: &str) -> ApiResult<ClaimChange> {
        let c = self.store.set_notes(claim, notes, &self.editor())?;
        self.claim_change(&c)
    }

    /// Marks a stale claim reviewed (`claimdesk reviewed`, the UI's "Mark reviewed"): clears the stale flag a revised
    /// draft set when it changed the claim's wording. The history records it (`stale_cleared`) with the editor's
    /// name and the wording it replaced. A claim that is not stale is returned unchanged, with nothing recorded.
    pub fn clear_stale(&self, claim: u64) -> ApiResult<ClaimChange> {
        let c = self.store.clear_stale(claim, &self.editor())?;
        self.claim_change(&c)
    }
}
