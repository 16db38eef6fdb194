//! [`FetchConfig`]: every limit and the identity a [`Fetcher`](super::Fetcher) works with, and their documented
//! defaults.

use std::time::Duration;

use serde::{Deserialize, Serialize};

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
    /// Let the fetcher connect to loopback, private and link-local addresses (default `false`: sources are public
    /// pages; see `fetch::address`). The shells turn it on for `CLAIMDESK_ALLOW_PRIVATE=1`
    /// ([`allow_private_from_env`]) or the workspace setting; it can also be changed on a running fetcher.
    #[serde(default)]
    pub allow_private: bool,
}

/// `true` when the environment opts in to private addresses: `CLAIMDESK_ALLOW_PRIVATE` is `1`, `true` or `yes`.
pub fn allow_private_from_env() -> bool {
    std::env::var("CLAIMDESK_ALLOW_PRIVATE")
        .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
        .unwrap_or(false)
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
            allow_private: false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_user_agent_names_claimdesk_and_version() {
        let ua = FetchConfig::default().user_agent;
        assert!(ua.starts_with(&format!("Claimdesk/{}", env!("CARGO_PKG_VERSION"))));
    }
}
