//! Schema versions and migrations.
//!
//! The `meta` tree holds `schema_version` (u32, big-endian) from the very first layout. On open, an older workspace
//! is migrated one step at a time inside transactions, then the new version is written.
//!
//! Layouts:
//! - 1: the first layout.

use crate::error::{Result, StoreError};
use crate::store::{Store, DOCUMENTS, META, SCHEMA_KEY, SCHEMA_VERSION};

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
    store.db().flush()?;
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

/// The migration hook: turns layout `from` into layout `from + 1`.
fn migrate_step(_store: &Store, from: u32) -> Result<()> {
    Err(StoreError::corrupt(format!(
        "no migration from schema version {from}"
    )))
}
