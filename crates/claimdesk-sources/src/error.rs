//! The one error type of this crate: every way a single source can fail to be fetched.

use serde::{Deserialize, Serialize};

/// Why fetching one source failed. Each variant has a stable machine-readable [`FetchError::code`] that the UI
/// switches on; the `Display` text is for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FetchError {
    /// The URL's scheme is not `http` or `https` (`file:`, `javascript:`, `data:`, ...). Refused before any I/O.
    #[error("unsupported URL scheme `{scheme}`: only http and https can be cited")]
    UnsupportedScheme {
        /// The refused scheme, lower-cased.
        scheme: String,
    },
    /// The text is not a URL at all, or has no host.
    #[error("invalid URL: {reason}")]
    InvalidUrl {
        /// What the URL parser said.
        reason: String,
    },
    /// The connect timeout or the total timeout ran out (a server that never answers, a body that trickles).
    #[error("timed out after {} s{}", seconds(*after_ms), if *attempts > 1 { format!(" ({attempts} attempts)") } else { String::new() })]
    Timeout {
        /// How long the fetch waited in all, retries and the waits between them included, in milliseconds.
        after_ms: u64,
        /// How many attempts timed out (1 + retries).
        attempts: u32,
    },
    /// More redirects than allowed, or a redirect loop.
    #[error("too many redirects (more than {max}); last location {last}")]
    TooManyRedirects {
        /// The configured limit.
        max: usize,
        /// The last location followed.
        last: String,
    },
    /// A redirect without a usable `Location` header.
    #[error("redirect {status} without a valid Location header")]
    BadRedirect {
        /// The redirect status code.
        status: u16,
    },
    /// The body is larger than the configured maximum (announced by Content-Length or counted while streaming).
    #[error("body larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
    /// The body decompresses to more than the configured limit: a gzip bomb or just a huge page.
    #[error("body decompresses to more than {limit} bytes (possible compression bomb)")]
    DecompressionBomb {
        /// The configured decompressed-size limit in bytes.
        limit: u64,
    },
    /// The body claims a content coding we cannot or will not decode, or the compressed data is corrupt.
    #[error("cannot decode `{encoding}` content: {reason}")]
    Decoding {
        /// The Content-Encoding value.
        encoding: String,
        /// What went wrong.
        reason: String,
    },
    /// The TCP or TLS connection could not be made (refused, DNS failure, certificate error).
    #[error("could not connect: {reason}")]
    Connect {
        /// The underlying error, for the log and the tooltip.
        reason: String,
    },
    /// The connection broke while the response was being read (reset mid-body, truncated body).
    #[error("connection broken while reading: {reason}")]
    Reset {
        /// The underlying error.
        reason: String,
    },
    /// The server answered with an error status (4xx or 5xx). Retried on 5xx before this is returned.
    #[error("server answered HTTP {status}")]
    Http {
        /// The status code.
        status: u16,
    },
    /// The URL, a redirect hop or the name's DNS answer leads to a loopback, private, link-local or other
    /// non-public address, which a source for publication must not be (see `fetch::address`). Refused before any
    /// byte is sent to it.
    #[error("refused to fetch {host}: it is the non-public address {address} (loopback, private network or link-local); sources must be public pages. To cite an internal page on purpose, set CLAIMDESK_ALLOW_PRIVATE=1")]
    PrivateAddress {
        /// The host as written in the URL.
        host: String,
        /// The address it is or resolves to.
        address: String,
    },
    /// The fetch was cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
    /// The HTTP client could not be built (bad configuration).
    #[error("invalid fetch configuration: {reason}")]
    Config {
        /// What was wrong.
        reason: String,
    },
    /// Any other transport or internal failure, kept distinct so it is never mistaken for a dead link.
    #[error("fetch failed: {reason}")]
    Other {
        /// The underlying error.
        reason: String,
    },
}

impl FetchError {
    /// A stable snake_case code for this error; the UI and the CLI's `--json` output switch on it.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::UnsupportedScheme { .. } => "unsupported_scheme",
            FetchError::InvalidUrl { .. } => "invalid_url",
            FetchError::Timeout { .. } => "timeout",
            FetchError::TooManyRedirects { .. } => "too_many_redirects",
            FetchError::BadRedirect { .. } => "bad_redirect",
            FetchError::BodyTooLarge { .. } => "body_too_large",
            FetchError::DecompressionBomb { .. } => "decompression_bomb",
            FetchError::Decoding { .. } => "decoding",
            FetchError::Connect { .. } => "connect",
            FetchError::Reset { .. } => "reset",
            FetchError::Http { .. } => "http",
            FetchError::PrivateAddress { .. } => "private_address",
            FetchError::Cancelled => "cancelled",
            FetchError::Config { .. } => "config",
            FetchError::Other { .. } => "other",
        }
    }

    /// Whether a retry may help: timeouts and server errors (5xx) are retried, as the issue asks. A 4xx, a
    /// refused scheme or a too-large body will not change on a second try.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout { .. } => true,
            FetchError::Http { status } => (500..=599).contains(status),
            _ => false,
        }
    }

    /// Whether this is a network-level failure (as opposed to an answer from the server). Link health treats
    /// these as "failing", never as "gone".
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            FetchError::Timeout { .. }
                | FetchError::Connect { .. }
                | FetchError::Reset { .. }
                | FetchError::Other { .. }
        )
    }
}

/// Milliseconds as seconds for a message: `60`, `1.5`, `181`.
fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1000) || ms >= 10_000 {
        format!("{}", (ms + 500) / 1000)
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}
