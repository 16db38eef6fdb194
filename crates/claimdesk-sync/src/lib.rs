//! The team-sync protocol: what a desk (a local sled workspace) and `claimdesk-server` (PostgreSQL) exchange.
//!
//! A team workspace holds **records** (documents, document versions, claims, citations, snapshots) and the
//! append-only **history** (events). Each record is addressed by its [`RecordKind`] and a string key (the local id,
//! `doc/version` for a version) and carries the store's own JSON for it, so the server needs no copy of the store's
//! model. The server numbers every accepted write with a version per record and a sequence number per workspace.
//!
//! - **Push** ([`PushRequest`]): the desk sends the records it changed since its last sync, each with the server
//!   version it last saw (`base`) and an id it chose (`change`). The server applies a change whose base is current,
//!   merges field by field one whose base is older ([`merge`]), and reports a [`FieldConflict`] where both sides
//!   changed the same field differently: the server keeps the first value, the desk keeps the conflict for the editor.
//!   A change id the server has seen is answered again, never applied twice, so a retry after a crash is harmless.
//! - **Pull** ([`PullResponse`]): every accepted write after a sequence number, oldest first, in pages.
//! - **Blobs**: snapshot bodies, content-addressed by the SHA-256 of the raw body, uploaded before the snapshot
//!   record that names them; the server checks the hash of every upload.
//!
//! Ids are the desk's own counters, made unique across desks by [`desk_id_floor`]: each desk that joins a team
//! workspace gets a desk number, and its new ids start at `desk << 32`. The first desk's existing ids (below 2^32)
//! stay as they are, so a workspace that already has work can become a team workspace.
#![deny(missing_docs)]

mod merge;
mod wire;

pub use merge::{merge, MergeOutcome};
pub use wire::*;

/// The protocol version; a server refuses a desk that speaks another (`/v1/` in every path).
pub const PROTOCOL_VERSION: u32 = 1;

/// Desk id ranges live in the shared vocabulary, since the store moves its counters by them too.
pub use claimdesk_core::{desk_id_floor, MAX_DESK};

/// The largest request body the server accepts, and so the most a desk puts in one push.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The most changes a desk sends in one push, and the most a pull page returns.
pub const MAX_BATCH: usize = 500;
