//! Claimdesk's shared vocabulary and text kit, the one leaf crate every core crate depends on.
//!
//! Why a leaf crate: the store, the fetcher, the evidence engine, the detector and the reports all speak of the
//! same things (a claim's [`Status`], a citation's [`Stance`], a link's [`LinkHealth`], a source's
//! [`SourceMetadata`]) and read the same text (sentences, words, quotations). Kept once here, a sentence the
//! detector shows is the sentence the evidence step ranks, and a quote shown in the claim detail is the quote the
//! evidence step checks. Nothing here does I/O; everything is a pure function or a plain type.
//!
//! **Offsets** are UTF-8 byte offsets into the text given, everywhere in this crate.
#![deny(missing_docs)]

pub mod hash;
pub mod text;
pub mod time;
mod vocab;

pub use hash::{fnv1a, sha256_hex, FnvBuildHasher, FnvHasher, FxBuildHasher, FxHasher};
pub use time::{now_millis, rfc3339, Id, Millis};
pub use vocab::{
    desk_id_floor, LinkHealth, ParseError, RecordKind, SourceMetadata, Stance, Status, MAX_DESK,
};
