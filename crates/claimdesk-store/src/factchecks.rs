//! Published fact-checks imported into a workspace (ClaimReview records, parsed by the facade), in their own sled
//! trees.
//!
//! Why trees of their own and not a place in [`crate::store::TREE_NAMES`]: fact-checks are reference material
//! shared by every draft, not part of the claim history, and an import touches only them. Keeping them apart keeps
//! the per-action transaction over the history trees unchanged and lets an import of thousands of records be one
//! transaction over two trees. A record is keyed by a fresh id; a second tree maps a record's identity (its URL and
//! the claim it reviews) to that id, so importing the same feed twice adds nothing.

use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use crate::error::{Result, StoreError};
use crate::model::{Id, Millis};
use crate::store::{decode, encode, id_key, now_millis, sha256_hex};
use crate::Store;

/// Fact-check id -> [`FactCheck`].
const FACTCHECKS: &str = "factchecks";
/// SHA-256 of (url, claim reviewed) -> fact-check id.
const FACTCHECK_KEYS: &str = "factcheck_keys";

/// The most fact-checks one workspace keeps (a large national fact-checker's whole archive is tens of thousands).
pub const FACTCHECKS_MAX: usize = 200_000;

/// A fact-check to import: the fields of a ClaimReview that Claimdesk keeps, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NewFactCheck {
    /// The claim that was checked (`claimReviewed`).
    pub claim_reviewed: String,
    /// The verdict in words (`reviewRating.alternateName`), e.g. "False".
    pub rating: Option<String>,
    /// The verdict on the publisher's scale (`reviewRating.ratingValue`), as written.
    pub rating_value: Option<String>,
    /// Who wrote the review (`author.name`).
    pub author: Option<String>,
    /// Who published it (`publisher.name`, or the author's organisation).
    pub publisher: Option<String>,
    /// When it was published (`datePublished`), as written.
    pub date_published: Option<String>,
    /// The fact-check's page (`url`).
    pub url: Option<String>,
}

/// An imported fact-check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactCheck {
    /// Its id in this workspace.
    pub id: Id,
    /// What was imported.
    #[serde(flatten)]
    pub fields: NewFactCheck,
    /// When it was imported.
    pub imported_at: Millis,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactCheckImport {
    /// Records added.
    pub added: u32,
    /// Records already in the workspace (same URL and claim), left as they were.
    pub already_present: u32,
    /// Fact-checks in the workspace after the import.
    pub total: u32,
}

fn identity(f: &NewFactCheck) -> Vec<u8> {
    let mut key = f.url.clone().unwrap_or_default().into_bytes();
    key.push(0);
    key.extend_from_slice(f.claim_reviewed.as_bytes());
    sha256_hex(&key).into_bytes()
}

impl Store {
    fn factcheck_trees(&self) -> Result<(sled::Tree, sled::Tree)> {
        let db = self.db()?;
        Ok((db.open_tree(FACTCHECKS)?, db.open_tree(FACTCHECK_KEYS)?))
    }

    /// Imports fact-checks in one transaction, flushed before it returns: all of them are added or, on any error,
    /// none, and what was imported before is never touched. A record already present (same URL and claim) is
    /// skipped. More than [`FACTCHECKS_MAX`] in the workspace is refused.
    pub fn import_factchecks(&self, items: &[NewFactCheck]) -> Result<FactCheckImport> {
        if let Some(bad) = items.iter().find(|f| f.claim_reviewed.trim().is_empty()) {
            return Err(StoreError::invalid(format!(
                "a fact-check has no claim (url {})",
                bad.url.as_deref().unwrap_or("none")
            )));
        }
        let (records, keys) = self.factcheck_trees()?;
        let present = records.len();
        // Ids are taken before the transaction (sled's generator is not transactional; a gap costs nothing).
        let db = self.db()?;
        let ids = items
            .iter()
            .map(|_| db.generate_id())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let now = now_millis();
        let encoded = items
            .iter()
            .zip(&ids)
            .map(|(f, &id)| {
                let rec = FactCheck {
                    id: id + 1,
                    fields: f.clone(),
                    imported_at: now,
                };
                Ok((id + 1, identity(f), encode(&rec)?))
            })
            .collect::<Result<Vec<_>>>()?;
        let out: std::result::Result<(u32, u32), TransactionError<StoreError>> =
            (&records, &keys).transaction(|(r, k)| {
                let (mut added, mut already) = (0u32, 0u32);
                for (id, ident, rec) in &encoded {
                    if k.get(ident)?.is_some() {
                        already += 1;
                        continue;
                    }
                    k.insert(ident.as_slice(), &id_key(*id))?;
                    r.insert(&id_key(*id), rec.as_slice())?;
                    added += 1;
                }
                if present + added as usize > FACTCHECKS_MAX {
                    return Err(ConflictableTransactionError::Abort(StoreError::invalid(
                        format!(
                            "a workspace keeps at most {FACTCHECKS_MAX} fact-checks; this import would make {}",
                            present + added as usize
                        ),
                    )));
                }
                Ok((added, already))
            });
        let (added, already_present) = self.noting_failure(out.map_err(StoreError::from))?;
        self.noting_failure(db.flush().map_err(StoreError::from))?;
        Ok(FactCheckImport {
            added,
            already_present,
            total: u32::try_from(records.len()).unwrap_or(u32::MAX),
        })
    }

    /// Every imported fact-check, in import order.
    pub fn factchecks(&self) -> Result<Vec<FactCheck>> {
        let (records, _) = self.factcheck_trees()?;
        records
            .iter()
            .map(|kv| {
                let (_, v) = kv?;
                decode(&v)
            })
            .collect()
    }

    /// One imported fact-check.
    pub fn factcheck(&self, id: Id) -> Result<FactCheck> {
        let (records, _) = self.factcheck_trees()?;
        match records.get(id_key(id))? {
            Some(v) => decode(&v),
            None => Err(StoreError::NotFound {
                entity: "fact-check",
                id,
            }),
        }
    }

    /// How many fact-checks the workspace holds.
    pub fn factcheck_count(&self) -> Result<usize> {
        Ok(self.factcheck_trees()?.0.len())
    }
}
