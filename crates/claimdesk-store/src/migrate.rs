//! Schema versions and migrations.
//!
//! The `meta` tree holds `schema_version` (u32, big-endian) from the very first layout. On open, an older workspace
//! is migrated one step at a time inside transactions, then the new version is written.
//!
//! Layouts:
//! - 1: the first layout. `doc_claims` values are empty.
//! - 2: `doc_claims` values hold the claim's status byte, so a status filter skips non-matching claims undecoded.
//! - 3: link checks are also indexed by URL in `link_checks`, so link health does not decode the whole event log.
//! - 4: `doc_claims` values also hold whether the claim is check-worthy, so a document's counts read only the index.

use crate::error::{Result, StoreError};
use crate::model::{Claim, Event};
use crate::store::{
    decode, encode, index_value, link_check_key, link_check_of, pair_key, Store, CLAIMS, DOCUMENTS,
    DOC_CLAIMS, EVENTS, LINK_CHECKS, META, SCHEMA_KEY, SCHEMA_VERSION,
};

/// The schema version stored in a workspace, if any.
pub(crate) fn stored_version(store: &Store) -> Result<Option<u32>> {
    match store.tree(META)?.get(SCHEMA_KEY)? {
        None => Ok(None),
        Some(b) => <[u8; 4]>::try_from(b.as_ref())
            .map(|a| Some(u32::from_be_bytes(a)))
            .map_err(|_| StoreError::corrupt("schema_version is not 4 bytes")),
    }
}

pub(crate) fn write_version(store: &Store, v: u32) -> Result<()> {
    store.tree(META)?.insert(SCHEMA_KEY, &v.to_be_bytes())?;
    store.db()?.flush()?;
    Ok(())
}

/// Runs on every open: stamps a new workspace, refuses a newer one, migrates an older one.
pub(crate) fn check_and_migrate(store: &Store) -> Result<()> {
    match stored_version(store)? {
        None => {
            if !store.tree(DOCUMENTS)?.is_empty() {
                return Err(StoreError::corrupt(
                    "the workspace has documents but no schema version",
                ));
            }
            write_version(store, SCHEMA_VERSION)
        }
        Some(v) if v > SCHEMA_VERSION => Err(StoreError::SchemaTooNew {
            found: v,
            supported: SCHEMA_VERSION,
        }),
        Some(v) => {
            for from in v..SCHEMA_VERSION {
                migrate_step(store, from)?;
                write_version(store, from + 1)?;
            }
            Ok(())
        }
    }
}

/// The migration hook: turns layout `from` into layout `from + 1`. Each step must be idempotent, because a crash
/// between the step and the version write runs it again on the next open.
fn migrate_step(store: &Store, from: u32) -> Result<()> {
    match from {
        1 => fill_status_index(store),
        2 => fill_link_checks(store),
        // Rewrites every index value from its claim: the same step as 1 -> 2, now with the check-worthy byte.
        3 => fill_status_index(store),
        // Schema 5 adds the team-sync trees, empty until the workspace is connected; the bump keeps an older
        // Claimdesk (which would change a connected workspace without recording the change for the next push)
        // from opening it.
        4 => Ok(()),
        _ => Err(StoreError::corrupt(format!(
            "no migration from schema version {from}"
        ))),
    }
}

/// 1 -> 2: write every claim's status byte into the per-document index, as one atomic batch.
fn fill_status_index(store: &Store) -> Result<()> {
    let mut batch = sled::Batch::default();
    for v in store.tree(CLAIMS)?.iter().values() {
        let claim: Claim = decode(&v?)?;
        batch.insert(&pair_key(claim.document, claim.id)[..], index_value(&claim));
    }
    store.tree(DOC_CLAIMS)?.apply_batch(batch)?;
    Ok(())
}

/// 2 -> 3: index every `link_checked` event of the history by URL, as one atomic batch. Idempotent: the keys come
/// from the events, so running it again rewrites the same entries.
fn fill_link_checks(store: &Store) -> Result<()> {
    let mut batch = sled::Batch::default();
    for v in store.tree(EVENTS)?.iter().values() {
        let e: Event = decode(&v?)?;
        if let Some((url, record)) = link_check_of(&e) {
            if !url.contains('\0') {
                batch.insert(link_check_key(url, e.id), encode(&record)?);
            }
        }
    }
    store.tree(LINK_CHECKS)?.apply_batch(batch)?;
    Ok(())
}
