//! The claim store: documents, claims, citations, snapshots and history in sled.
//!
//! One workspace is one sled database in a directory. [`Store`] is the only entry point; every user action is one
//! sled transaction over all trees, flushed to disk before the call returns, so an acknowledged change is durable and
//! a refused one writes nothing.
//!
//! ```
//! use claimdesk_store::{Detection, NewClaim, NewDocument, Status, Store};
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path()).unwrap();
//! let text = "Unemployment fell to 3.5% in May.".to_string();
//! let doc = store.create_document(NewDocument {
//!     title: "Jobs".into(), file_name: None, text: text.clone(),
//!     claims: vec![NewClaim { text: text.clone(), start: 0, end: text.len(), detection: Detection::default() }],
//! }, "ada").unwrap();
//! let claim = &store.claims(doc.id).unwrap()[0];
//! assert_eq!(claim.status, Status::Unsourced);
//! let err = store.set_status(claim.id, Status::Disputed, None, "ada").unwrap_err();
//! assert_eq!(err.code(), "disputed_needs_reason");
//! store.set_status(claim.id, Status::Disputed, Some("BLS says 3.6%".into()), "ada").unwrap();
//! ```
#![deny(missing_docs)]

mod check;
mod citations;
mod error;
mod export;
mod factchecks;
mod migrate;
mod model;
pub mod reanchor;
mod revise;
mod snapshots;
mod store;
pub mod sync;
mod vectors;

pub use citations::{Cited, NewCite};
pub use error::{is_disk_full, Result, StoreError};
pub use export::{ImportSummary, EXPORT_FORMAT, EXPORT_FORMAT_VERSION};
pub use factchecks::{FactCheck, FactCheckImport, NewFactCheck, FACTCHECKS_MAX};
pub use model::*;
pub use revise::RevisionReport;
pub use store::{Store, CONTEXT_MAX_BYTES, SCHEMA_VERSION};
pub use sync::{Acknowledged, Incoming, Outgoing, SyncConflict, SyncConnection};
pub use vectors::{text_hash, SpanVector, VectorOf};
