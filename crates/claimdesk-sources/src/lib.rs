//! Fetching, archiving and reading cited sources: HTTP, extraction, metadata, WARC.
//!
//! This crate is pure: it fetches, reads and judges sources but stores nothing. The store persists snapshots
//! and the API facade converts these types to the store's.
//!
//! - [`Fetcher`] fetches with global and per-host limits, timeouts, a redirect limit that keeps the chain, body
//!   and decompression caps, retries with backoff, conditional requests, progress events and cancellation.
//! - [`extract`] reads a body: main text and metadata from HTML, each page's text from PDF (Poppler in a
//!   guarded child process, our layout pass), plain text and JSON as they
//!   are, and "no readable text" for anything else.
//! - [`assess_health`] turns a history of checks into a [`LinkHealth`].
//! - [`warc::write_warc_gz`] exports snapshots as WARC/1.1.
//! - [`diff_lines`] diffs two snapshots' texts line by line.
#![deny(missing_docs)]

mod charset;
mod decode;
pub mod diff;
mod error;
pub mod extract;
mod fetch;
mod health;
pub mod warc;

pub use charset::decode_text;
pub use diff::{diff_lines, DiffLine};
pub use error::FetchError;
pub use extract::{
    cap_nesting, extract, extract_html, extract_pdf, page_at, ContentKind, Extracted, Metadata,
    Page, PdfFacts, PdfLimits, ProblemKind, ReadProblem,
};
pub use fetch::{
    address::is_public, allow_private_from_env, default_user_agent, header, parse_http_url,
    sha256_hex, text_fingerprint, url_without_credentials, without_credentials, FetchConfig,
    FetchOutcome, Fetched, Fetcher, Progress, Redirect, Validators, SELECTED_HEADERS,
};
pub use health::{assess_health, Baseline, Check, HealthPolicy, LinkHealth, Observation};
/// The cancellation handle [`Fetcher::fetch`] takes (re-exported so callers need no tokio-util dependency).
pub use tokio_util::sync::CancellationToken;
