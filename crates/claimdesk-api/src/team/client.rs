//! The HTTP client of the team-sync protocol (`claimdesk-sync`): one method per endpoint, JSON in and out, with
//! retries and backoff for the failures that pass (the server restarting, PostgreSQL away: connection errors and 5xx
//! answers) and a typed error for the ones that do not (a refused token, a forbidden action).

use std::time::Duration;

use claimdesk_sync as wire;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{ApiError, ErrorCode};

/// How many times a request is tried before the desk counts as offline, and the first wait (doubled each time).
const ATTEMPTS: u32 = 4;
const FIRST_BACKOFF: Duration = Duration::from_millis(250);

/// A client for one server and one member's token.
pub(crate) struct TeamClient {
    http: reqwest::Client,
    base: String,
    token: String,
}

/// Whether `url` may be used: https anywhere, plain http only on loopback unless the editor said otherwise.
pub(crate) fn check_server_url(url: &str, allow_insecure: bool) -> Result<String, ApiError> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidUrl,
            format!("the team server URL {url:?} is not a URL: {e}"),
        )
    })?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" => {}
        "http" if loopback || allow_insecure => {}
        "http" => {
            return Err(ApiError::new(
                ErrorCode::InsecureServer,
                format!(
                    "{url} is plain HTTP to another machine: the token and the newsroom's work would cross the \
                     network unencrypted. Use https://, or pass --allow-insecure-http if this network is trusted"
                ),
            ))
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::UnsupportedScheme,
                format!("a team server URL is http or https, not {other}:"),
            ))
        }
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

fn offline(detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Offline,
        format!("the team server cannot be reached ({detail}); your changes are kept and wait for the next sync"),
    )
}

impl TeamClient {
    pub(crate) fn new(base: &str, token: &str) -> Result<Self, ApiError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Config,
                    format!("cannot build the HTTP client: {e}"),
                )
            })?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
        })
    }

    /// Sends one request, retrying what may pass, and reads the answer.
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
        content_type: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let url = format!("{}{path}", self.base);
        let mut wait = FIRST_BACKOFF;
        let mut last = String::new();
        for attempt in 1..=ATTEMPTS {
            let mut req = self
                .http
                .request(method.clone(), &url)
                .bearer_auth(&self.token)
                .header(reqwest::header::CONTENT_TYPE, content_type);
            if let Some(b) = &body {
                req = req.body(b.clone());
            }
            match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let bytes = resp.bytes().await.map_err(offline)?.to_vec();
                    if status.is_success() {
                        return Ok(bytes);
                    }
                    let err: Option<wire::WireError> = serde_json::from_slice(&bytes).ok();
                    let message = err
                        .as_ref()
                        .map(|e| e.message.clone())
                        .unwrap_or_else(|| format!("HTTP {status}"));
                    if status.is_server_error() {
                        last = format!("HTTP {status}: {message}");
                    } else {
                        let code = match status.as_u16() {
                            401 => ErrorCode::Unauthorized,
                            403 => ErrorCode::Forbidden,
                            404 => ErrorCode::NotFound,
                            413 => ErrorCode::TooLarge,
                            _ => ErrorCode::TeamServer,
                        };
                        return Err(ApiError::new(
                            code,
                            format!("the team server refused: {message}"),
                        ));
                    }
                }
                Err(e) => last = e.to_string(),
            }
            if attempt < ATTEMPTS {
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
        }
        Err(offline(last))
    }

    async fn json<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ApiError> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| ApiError::internal(format!("cannot encode a sync request: {e}")))?;
        let bytes = self.send(method, path, body, "application/json").await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::new(
                ErrorCode::TeamServer,
                format!("the team server's answer is not the sync protocol: {e}"),
            )
        })
    }

    pub(crate) async fn members(&self) -> Result<Vec<wire::Member>, ApiError> {
        self.json(reqwest::Method::GET, "/v1/members", None::<&()>)
            .await
    }

    pub(crate) async fn join(&self, workspace: &str) -> Result<wire::Joined, ApiError> {
        let path = format!("/v1/workspaces/{}/join", encode_segment(workspace));
        self.json(reqwest::Method::POST, &path, Some(&serde_json::json!({})))
            .await
    }

    pub(crate) async fn push(
        &self,
        workspace: &str,
        req: &wire::PushRequest,
    ) -> Result<wire::PushResponse, ApiError> {
        let path = format!("/v1/workspaces/{}/push", encode_segment(workspace));
        self.json(reqwest::Method::POST, &path, Some(req)).await
    }

    pub(crate) async fn pull(
        &self,
        workspace: &str,
        since: u64,
    ) -> Result<wire::PullResponse, ApiError> {
        let path = format!(
            "/v1/workspaces/{}/pull?since={since}",
            encode_segment(workspace)
        );
        self.json(reqwest::Method::GET, &path, None::<&()>).await
    }

    pub(crate) async fn put_blob(&self, sha256: &str, body: Vec<u8>) -> Result<(), ApiError> {
        let path = format!("/v1/blobs/{sha256}");
        self.send(
            reqwest::Method::PUT,
            &path,
            Some(body),
            "application/octet-stream",
        )
        .await
        .map(|_| ())
    }

    pub(crate) async fn get_blob(&self, sha256: &str) -> Result<Vec<u8>, ApiError> {
        let path = format!("/v1/blobs/{sha256}");
        self.send(
            reqwest::Method::GET,
            &path,
            None,
            "application/octet-stream",
        )
        .await
    }
}

/// A workspace name as one URL path segment.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
