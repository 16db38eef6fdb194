//! The values a fetch takes and returns: cache validators, progress events, the redirect chain, the successful
//! [`Fetched`] response and the [`FetchOutcome`]; plus the headers kept in a snapshot and the content fingerprint
//! used for change detection.
//!
//! Kept apart from the request flow because the store, the WARC writer and the API facade all consume these
//! types without caring how they were produced.

use claimdesk_core::sha256_hex;
use serde::{Deserialize, Serialize};

use crate::extract::Extracted;

/// Cache validators from an earlier fetch, sent as `If-None-Match` / `If-Modified-Since` when re-checking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The earlier response's `ETag`.
    pub etag: Option<String>,
    /// The earlier response's `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A progress event for one fetch, pushed to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Progress {
    /// Waiting for a global or per-host slot.
    Queued,
    /// Connecting to (or requesting from) a host; sent again for each redirect and retry.
    Connecting,
    /// Body bytes received so far, and the announced total if the server sent one.
    Bytes {
        /// Bytes received so far on the wire.
        received: u64,
        /// Content-Length, if announced.
        total: Option<u64>,
    },
    /// The body is in; text and metadata are being extracted.
    Extracting,
    /// Finished successfully.
    Done,
    /// Finished with an error.
    Failed {
        /// The error's stable code ([`FetchError::code`](crate::FetchError::code)).
        code: String,
        /// The error's human-readable message.
        reason: String,
    },
}

/// One hop of a redirect chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    /// The URL that answered with a redirect.
    pub url: String,
    /// Its redirect status (301, 302, 303, 307, 308).
    pub status: u16,
}

/// A successful fetch: everything an immutable snapshot needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fetched {
    /// The URL the caller asked for.
    pub request_url: String,
    /// The URL that finally answered 2xx, after redirects.
    pub final_url: String,
    /// Every redirect followed, in order; empty when the first URL answered directly.
    pub redirect_chain: Vec<Redirect>,
    /// The final status code (2xx).
    pub status: u16,
    /// Selected response headers (see [`SELECTED_HEADERS`]), names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// When the response arrived, RFC 3339 UTC.
    pub fetched_at: String,
    /// SHA-256 of `body`, lower-case hex.
    pub sha256: String,
    /// The response body with content codings (gzip, br, deflate) removed: the bytes the server meant.
    pub body: Vec<u8>,
    /// Text and metadata extracted from the body.
    pub extracted: Extracted,
}

impl Fetched {
    /// The validators to send when this source is re-checked.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: header(&self.headers, "etag").map(str::to_string),
            last_modified: header(&self.headers, "last-modified").map(str::to_string),
        }
    }

    /// A fingerprint of the *content* for change detection: the SHA-256 of the extracted text with whitespace
    /// collapsed, or of the raw body when there is no text. WHY: raw HTML changes on every request on many news
    /// sites (ads, timestamps, nonces), which would make every re-check look like a change.
    pub fn content_fingerprint(&self) -> String {
        text_fingerprint(self.extracted.text.as_deref(), &self.sha256)
    }
}

/// The content fingerprint of an archived snapshot (see [`Fetched::content_fingerprint`]): the SHA-256 of the
/// extracted text with whitespace collapsed, or `raw_sha256` when there is no text. The same function serves a fresh
/// fetch and a stored snapshot, so a re-check compares like with like.
pub fn text_fingerprint(text: Option<&str>, raw_sha256: &str) -> String {
    match text {
        Some(text) if !text.trim().is_empty() => {
            let normalized: Vec<&str> = text.split_whitespace().collect();
            sha256_hex(normalized.join(" ").as_bytes())
        }
        _ => raw_sha256.to_string(),
    }
}

/// The result of a fetch that reached the server and got an answer worth keeping.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FetchOutcome {
    /// A 2xx response with its body.
    Fetched(Box<Fetched>),
    /// A conditional re-check answered 304: the content is unchanged since the validators were issued.
    NotModified {
        /// The URL the caller asked for.
        request_url: String,
        /// The URL that answered 304.
        final_url: String,
        /// Redirects followed on the way.
        redirect_chain: Vec<Redirect>,
        /// When the answer arrived, RFC 3339 UTC.
        fetched_at: String,
    },
}

/// Response headers kept in a snapshot. WHY a list: whole header sets carry cookies and tracking ids that do not
/// belong in an archive, while these describe the content and its caching.
pub const SELECTED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "content-disposition",
    "etag",
    "last-modified",
    "date",
    "expires",
    "cache-control",
    "server",
    "link",
    "x-robots-tag",
];

/// Looks up a header by lower-case name in a selected-header list.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
