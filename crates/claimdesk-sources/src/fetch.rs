//! The fetcher: bounded, cancellable, retrying HTTP GETs that keep the redirect chain and the raw body.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::decode::decode_content;
use crate::error::FetchError;
use crate::extract::{extract, Extracted};

/// Limits and identity for fetching. Every limit is configurable; [`FetchConfig::default`] gives the documented
/// defaults.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FetchConfig {
    /// At most this many fetches run at once across all hosts (default 16).
    pub global_concurrency: usize,
    /// At most this many fetches run at once against one host (default 4), to stay polite.
    pub per_host: usize,
    /// Budget for the TCP + TLS connect (default 10 s).
    pub connect_timeout: Duration,
    /// Budget for one attempt: all redirects plus the whole body (default 60 s). A trickling body hits this.
    pub total_timeout: Duration,
    /// At most this many redirects are followed (default 10).
    pub max_redirects: usize,
    /// Largest body accepted on the wire, in bytes (default 20 MB); the stream is cut at the limit.
    pub max_body: u64,
    /// Largest body accepted after removing gzip/deflate/br, in bytes (default 50 MB): the gzip-bomb guard.
    pub max_decompressed: u64,
    /// Retries after the first attempt, on timeouts and 5xx only (default 2).
    pub retries: u32,
    /// Wait before the first retry; doubled for each further retry (default 500 ms).
    pub backoff: Duration,
    /// The User-Agent header; names Claimdesk and its version by default.
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            global_concurrency: 16,
            per_host: 4,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            max_redirects: 10,
            max_body: 20 * 1024 * 1024,
            max_decompressed: 50 * 1024 * 1024,
            retries: 2,
            backoff: Duration::from_millis(500),
            user_agent: default_user_agent(),
        }
    }
}

/// `Claimdesk/<crate version> (...)`, the default User-Agent.
pub fn default_user_agent() -> String {
    format!(
        "Claimdesk/{} (claim-verification workbench; archives cited sources)",
        env!("CARGO_PKG_VERSION")
    )
}

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
        /// The error's stable code ([`FetchError::code`]).
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

pub use claimdesk_core::sha256_hex;

/// Checks that `input` is an absolute http(s) URL; every other scheme is refused before any I/O.
pub fn parse_http_url(input: &str) -> Result<url::Url, FetchError> {
    let trimmed = input.trim();
    // The scheme is checked on the raw text first so that `javascript:alert(1)` is reported as an unsupported
    // scheme rather than as whatever the URL parser makes of it.
    if let Some((scheme, _)) = trimmed.split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        let looks_like_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if looks_like_scheme && scheme != "http" && scheme != "https" {
            return Err(FetchError::UnsupportedScheme { scheme });
        }
    }
    let url = url::Url::parse(trimmed).map_err(|e| FetchError::InvalidUrl {
        reason: e.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(FetchError::UnsupportedScheme {
                scheme: other.to_string(),
            })
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::InvalidUrl {
            reason: "URL has no host".into(),
        });
    }
    Ok(url)
}

/// The fetcher. Cheap to clone: clones share the HTTP connection pool and the concurrency limits.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    cfg: Arc<FetchConfig>,
    global: Arc<Semaphore>,
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher").field("cfg", &self.cfg).finish()
    }
}

/// What one attempt produced before extraction.
enum Raw {
    Body {
        final_url: String,
        chain: Vec<Redirect>,
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    NotModified {
        final_url: String,
        chain: Vec<Redirect>,
    },
}

impl Fetcher {
    /// Builds a fetcher. Installs rustls' `ring` crypto provider as the process default if none is installed yet.
    pub fn new(cfg: FetchConfig) -> Result<Self, FetchError> {
        if cfg.global_concurrency == 0 || cfg.per_host == 0 {
            return Err(FetchError::Config {
                reason: "concurrency limits must be at least 1".into(),
            });
        }
        // Another part of the process may have installed a provider already; that one is fine too.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            // Redirects are followed by hand so that the chain is recorded and each hop's scheme is checked.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.connect_timeout)
            .user_agent(cfg.user_agent.clone())
            .build()
            .map_err(|e| FetchError::Config {
                reason: e.to_string(),
            })?;
        Ok(Fetcher {
            client,
            global: Arc::new(Semaphore::new(cfg.global_concurrency)),
            hosts: Arc::new(Mutex::new(HashMap::new())),
            cfg: Arc::new(cfg),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// Fetches one URL, following redirects, retrying timeouts and 5xx, and extracting text and metadata.
    ///
    /// `conditional` makes it a re-check (`If-None-Match`/`If-Modified-Since`), which may answer
    /// [`FetchOutcome::NotModified`]. `progress` is called from the fetching task; keep it cheap (send on a
    /// channel). Cancelling `cancel` ends the fetch promptly with [`FetchError::Cancelled`]. Every failure is
    /// confined to this call: other fetches on the same `Fetcher` are unaffected.
    pub async fn fetch(
        &self,
        url: &str,
        conditional: Option<&Validators>,
        progress: &(dyn Fn(Progress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<FetchOutcome, FetchError> {
        let result = self.fetch_inner(url, conditional, progress, cancel).await;
        match &result {
            Ok(_) => progress(Progress::Done),
            Err(e) => progress(Progress::Failed {
                code: e.code().to_string(),
                reason: e.to_string(),
            }),
        }
        result
    }

    async fn fetch_inner(
        &self,
        url: &str,
        conditional: Option<&Validators>,
        progress: &(dyn Fn(Progress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<FetchOutcome, FetchError> {
        let parsed = parse_http_url(url)?;
        progress(Progress::Queued);
        let _global = acquire(&self.global, cancel).await?;
        let host_sem = self.host_semaphore(&parsed);
        let _host = acquire(&host_sem, cancel).await?;

        let mut attempt: u32 = 0;
        let raw = loop {
            let once = tokio::time::timeout(
                self.cfg.total_timeout,
                self.attempt(parsed.clone(), conditional, progress, cancel),
            );
            let result = tokio::select! {
                biased;
                _ = cancel.cancelled() => Err(FetchError::Cancelled),
                r = once => r.unwrap_or(Err(FetchError::Timeout {
                    after_ms: millis(self.cfg.total_timeout),
                })),
            };
            match result {
                Err(e) if e.is_retryable() && attempt < self.cfg.retries => {
                    tracing::debug!(url, attempt, error = %e, "retrying");
                    let wait = self.cfg.backoff.saturating_mul(1u32 << attempt.min(16));
                    tokio::select! {
                        biased;
                        _ = cancel.cancelled() => return Err(FetchError::Cancelled),
                        _ = tokio::time::sleep(wait) => {}
                    }
                    attempt += 1;
                }
                other => break other?,
            }
        };
        let fetched_at = now_rfc3339();
        match raw {
            Raw::NotModified { final_url, chain } => Ok(FetchOutcome::NotModified {
                request_url: url.trim().to_string(),
                final_url,
                redirect_chain: chain,
                fetched_at,
            }),
            Raw::Body {
                final_url,
                chain,
                status,
                headers,
                body,
            } => {
                progress(Progress::Extracting);
                let content_type = header(&headers, "content-type").map(str::to_string);
                let sha256 = sha256_hex(&body);
                // Extraction is CPU work (HTML parsing, PDF decoding); it runs on the blocking pool so a big page
                // never stalls the other fetches' I/O. A panic in a parser is contained to this source.
                let (ct, fu) = (content_type.clone(), final_url.clone());
                let (body, extracted) = tokio::task::spawn_blocking(move || {
                    let extracted = extract(ct.as_deref(), &fu, &body);
                    (body, extracted)
                })
                .await
                .map_err(|e| FetchError::Other {
                    reason: format!("extraction failed: {e}"),
                })?;
                Ok(FetchOutcome::Fetched(Box::new(Fetched {
                    request_url: url.trim().to_string(),
                    final_url,
                    redirect_chain: chain,
                    status,
                    headers,
                    content_type,
                    fetched_at,
                    sha256,
                    body,
                    extracted,
                })))
            }
        }
    }

    /// One attempt: the redirect walk and the body, under the caller's total timeout.
    async fn attempt(
        &self,
        start: url::Url,
        conditional: Option<&Validators>,
        progress: &(dyn Fn(Progress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<Raw, FetchError> {
        let mut current = start;
        let mut chain: Vec<Redirect> = Vec::new();
        loop {
            progress(Progress::Connecting);
            let mut req = self
                .client
                .get(current.clone())
                .header(
                    "accept",
                    "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
                )
                .header("accept-encoding", "gzip, deflate, br");
            if let Some(v) = conditional {
                if let Some(etag) = &v.etag {
                    req = req.header("if-none-match", etag);
                }
                if let Some(lm) = &v.last_modified {
                    req = req.header("if-modified-since", lm);
                }
            }
            let resp = req
                .send()
                .await
                .map_err(|e| classify(&e, self.cfg.connect_timeout))?;
            let status = resp.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let location = resp
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|loc| current.join(loc.trim()).ok())
                    .ok_or(FetchError::BadRedirect { status })?;
                chain.push(Redirect {
                    url: current.to_string(),
                    status,
                });
                if chain.len() > self.cfg.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        max: self.cfg.max_redirects,
                        last: location.to_string(),
                    });
                }
                // A redirect may not lead out of http(s) (e.g. to file:), whatever the server says.
                current = parse_http_url(location.as_str())?;
                continue;
            }
            if status == 304 {
                return Ok(Raw::NotModified {
                    final_url: current.to_string(),
                    chain,
                });
            }
            if !(200..=299).contains(&status) {
                return Err(FetchError::Http { status });
            }
            let headers: Vec<(String, String)> = resp
                .headers()
                .iter()
                .filter(|(k, _)| SELECTED_HEADERS.contains(&k.as_str()))
                .filter_map(|(k, v)| {
                    v.to_str()
                        .ok()
                        .map(|v| (k.as_str().to_string(), v.to_string()))
                })
                .collect();
            let total = resp.content_length();
            if total.is_some_and(|t| t > self.cfg.max_body) {
                return Err(FetchError::BodyTooLarge {
                    limit: self.cfg.max_body,
                });
            }
            let body = self.read_body(resp, total, progress, cancel).await?;
            let body = decode_content(
                header(&headers, "content-encoding"),
                body,
                self.cfg.max_decompressed,
            )?;
            return Ok(Raw::Body {
                final_url: current.to_string(),
                chain,
                status,
                headers,
                body,
            });
        }
    }

    /// Streams the body, cutting it at `max_body` and reporting progress about every 64 KiB.
    async fn read_body(
        &self,
        mut resp: reqwest::Response,
        total: Option<u64>,
        progress: &(dyn Fn(Progress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<Vec<u8>, FetchError> {
        let mut body: Vec<u8> = Vec::with_capacity(total.unwrap_or(0).min(1 << 20) as usize);
        let mut last_report: u64 = 0;
        loop {
            let chunk = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(FetchError::Cancelled),
                c = resp.chunk() => c.map_err(|e| classify_body(&e))?,
            };
            let Some(chunk) = chunk else { break };
            if (body.len() + chunk.len()) as u64 > self.cfg.max_body {
                return Err(FetchError::BodyTooLarge {
                    limit: self.cfg.max_body,
                });
            }
            body.extend_from_slice(&chunk);
            let received = body.len() as u64;
            if received - last_report >= 64 * 1024 {
                last_report = received;
                progress(Progress::Bytes { received, total });
            }
        }
        progress(Progress::Bytes {
            received: body.len() as u64,
            total,
        });
        Ok(body)
    }

    fn host_semaphore(&self, url: &url::Url) -> Arc<Semaphore> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        // A poisoned lock only means another fetch panicked while holding it; the map itself is still valid.
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        if hosts.len() > 4096 {
            // Forget idle hosts so a long session does not grow the map without bound.
            let per_host = self.cfg.per_host;
            hosts.retain(|_, s| Arc::strong_count(s) > 1 || s.available_permits() < per_host);
        }
        hosts
            .entry(key)
            .or_insert_with(|| Arc::new(Semaphore::new(self.cfg.per_host)))
            .clone()
    }
}

async fn acquire(
    sem: &Arc<Semaphore>,
    cancel: &CancellationToken,
) -> Result<OwnedSemaphorePermit, FetchError> {
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(FetchError::Cancelled),
        p = sem.clone().acquire_owned() => p.map_err(|e| FetchError::Other { reason: e.to_string() }),
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Current time as RFC 3339 UTC with second precision.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Walks an error's source chain looking for an I/O error kind.
fn io_kind(e: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cur = err.source();
    }
    None
}

fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(err) = cur {
        parts.push(err.to_string());
        cur = err.source();
    }
    parts.join(": ")
}

fn classify(e: &reqwest::Error, connect_timeout: Duration) -> FetchError {
    let reason = chain_text(e);
    if e.is_timeout() {
        return FetchError::Timeout {
            after_ms: millis(connect_timeout),
        };
    }
    if e.is_connect() {
        return FetchError::Connect { reason };
    }
    classify_broken(e, reason)
}

fn classify_body(e: &reqwest::Error) -> FetchError {
    let reason = chain_text(e);
    if e.is_timeout() {
        return FetchError::Timeout { after_ms: 0 };
    }
    classify_broken(e, reason)
}

/// A connection that was accepted but broke (reset, closed early, truncated) is `Reset`; anything else `Other`.
fn classify_broken(e: &reqwest::Error, reason: String) -> FetchError {
    use std::io::ErrorKind::*;
    let broken_io = matches!(
        io_kind(e),
        Some(ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof)
    );
    let lower = reason.to_ascii_lowercase();
    if broken_io
        || e.is_body()
        || lower.contains("connection closed")
        || lower.contains("incomplete")
        || lower.contains("reset")
    {
        FetchError::Reset { reason }
    } else {
        FetchError::Other { reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_pass() {
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://x.org/a",
            "FILE:///x",
        ] {
            assert_eq!(
                parse_http_url(bad).unwrap_err().code(),
                "unsupported_scheme",
                "{bad}"
            );
        }
        for bad in ["", "not a url", "http://"] {
            assert_eq!(
                parse_http_url(bad).unwrap_err().code(),
                "invalid_url",
                "{bad}"
            );
        }
        assert!(parse_http_url(" https://example.org/a?b#c ").is_ok());
        assert!(parse_http_url("HTTP://example.org").is_ok());
    }

    #[test]
    fn default_user_agent_names_claimdesk_and_version() {
        let ua = FetchConfig::default().user_agent;
        assert!(ua.starts_with(&format!("Claimdesk/{}", env!("CARGO_PKG_VERSION"))));
    }
}
