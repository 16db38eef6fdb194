//! The fetcher: bounded, cancellable, retrying HTTP GETs that keep the redirect chain and the raw body.
//!
//! This module is the request flow itself: [`Fetcher`] with its global and per-host concurrency limits, the retry
//! loop with backoff, the hand-followed redirect walk and the hand-off to extraction. The pieces it uses live in
//! submodules, one per responsibility:
//!
//! - [`config`]: [`FetchConfig`], its limits and defaults, and the default User-Agent;
//! - [`model`]: what a fetch takes and returns ([`Validators`], [`Progress`], [`Redirect`], [`Fetched`],
//!   [`FetchOutcome`]), the headers kept in a snapshot and content fingerprints;
//! - [`http_url`]: the http(s)-only URL check done before any I/O and on every redirect;
//! - [`body`]: streaming a response body under the size cap, with progress;
//! - [`classify`](mod@classify): turning reqwest errors into [`FetchError`] variants;
//! - [`address`]: the private-address policy, on IP-literal hosts and after DNS resolution.

pub mod address;
mod body;
mod classify;
mod config;
mod http_url;
mod model;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use crate::decode::decode_content;
use crate::error::FetchError;
use crate::extract::extract;
use classify::classify;

pub use claimdesk_core::sha256_hex;
pub use config::{allow_private_from_env, default_user_agent, FetchConfig};
pub use http_url::parse_http_url;
pub use model::{
    header, text_fingerprint, FetchOutcome, Fetched, Progress, Redirect, Validators,
    SELECTED_HEADERS,
};

/// The fetcher. Cheap to clone: clones share the HTTP connection pool and the concurrency limits.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    cfg: Arc<FetchConfig>,
    policy: address::Policy,
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
        let policy = address::Policy::new(cfg.allow_private);
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(address::Resolver {
                policy: policy.clone(),
            }))
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
            policy,
            global: Arc::new(Semaphore::new(cfg.global_concurrency)),
            hosts: Arc::new(Mutex::new(HashMap::new())),
            cfg: Arc::new(cfg),
        })
    }

    /// The configuration in force (`allow_private` as it was at start; see [`Fetcher::allows_private`]).
    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// Whether this fetcher connects to loopback, private and link-local addresses.
    pub fn allows_private(&self) -> bool {
        self.policy.allows_private()
    }

    /// Turns the private-address opt-in on or off for every later connection of this fetcher and its clones (the
    /// app's workspace setting).
    pub fn set_allow_private(&self, allow: bool) {
        self.policy.set_allow_private(allow);
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
        self.policy.check_url(&parsed)?;
        // Credentials the editor wrote into the URL are used for this request, but never stored: every URL that
        // leaves the fetcher (request, final, redirect chain) is without them.
        let request_url = without_credentials(&parsed);
        progress(Progress::Queued);
        let _global = acquire(&self.global, cancel).await?;
        let host_sem = self.host_semaphore(&parsed);
        let _host = acquire(&host_sem, cancel).await?;

        let mut attempt: u32 = 0;
        let started = std::time::Instant::now();
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
                    attempts: 1,
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
                // A timeout reports the whole wait, retries and backoff included, not one attempt's budget.
                Err(FetchError::Timeout { .. }) => {
                    return Err(FetchError::Timeout {
                        after_ms: millis(started.elapsed()),
                        attempts: attempt + 1,
                    })
                }
                other => break other?,
            }
        };
        let fetched_at = now_rfc3339();
        match raw {
            Raw::NotModified { final_url, chain } => Ok(FetchOutcome::NotModified {
                request_url,
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
                    request_url,
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
                    url: without_credentials(&current),
                    status,
                });
                if chain.len() > self.cfg.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        max: self.cfg.max_redirects,
                        last: location.to_string(),
                    });
                }
                // A redirect may not lead out of http(s) (e.g. to file:), nor to a private address, whatever the
                // server says; and credentials in a Location are the server's, never sent (reqwest would send
                // them as Basic auth to wherever the redirect points).
                current = parse_http_url(location.as_str())?;
                strip_credentials(&mut current);
                self.policy.check_url(&current)?;
                continue;
            }
            if status == 304 {
                return Ok(Raw::NotModified {
                    final_url: without_credentials(&current),
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
                final_url: without_credentials(&current),
                chain,
                status,
                headers,
                body,
            });
        }
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

/// Removes `user:password@` from a URL.
fn strip_credentials(url: &mut url::Url) {
    // Both fail only for URLs that cannot have credentials (no host), which `parse_http_url` never returns.
    let _ = url.set_username("");
    let _ = url.set_password(None);
}

/// The URL as text without `user:password@`: the form every stored and exported URL takes.
pub fn without_credentials(url: &url::Url) -> String {
    let mut url = url.clone();
    strip_credentials(&mut url);
    url.to_string()
}

/// [`without_credentials`] for a URL given as text; text that does not parse is returned trimmed, unchanged.
pub fn url_without_credentials(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(u) => without_credentials(&u),
        Err(_) => url.trim().to_string(),
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
