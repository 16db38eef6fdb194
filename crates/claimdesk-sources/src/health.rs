//! Link health: ok, changed, redirected elsewhere, gone, or failing, from a source's check history.
//!
//! Rules (see [`assess_health`]):
//! - **Gone** only after 404 or 410 on at least two checks, the first and last of an unbroken run of such answers
//!   spaced at least [`HealthPolicy::gone_after`] apart. Wikipedia's link bots likewise wait days before calling
//!   a link dead, because sites have outages and botched deploys.
//! - **Failing** for network errors (timeouts, refused or reset connections), server errors (5xx), other 4xx
//!   answers, and a 404/410 run that is not yet long enough. Never "gone" on one try.
//! - **Redirected elsewhere** when the source now ends on another site, or on the site's front page when it did
//!   not before (the usual "soft 404" of news sites).
//! - **Changed** when the content fingerprint differs from the baseline snapshot's.
//! - **Ok** otherwise, including a 304 Not Modified.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The health of a cited link: the one vocabulary of claimdesk-core. [`assess_health`] never answers
/// `Unchecked`; that is for a link with no checks at all.
pub use claimdesk_core::LinkHealth;

/// Tunables for health assessment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HealthPolicy {
    /// Minimum time between the first and the last of consecutive 404/410 answers before a link counts as gone
    /// (default 3 days).
    pub gone_after: Duration,
}

impl Default for HealthPolicy {
    fn default() -> Self {
        HealthPolicy {
            gone_after: Duration::from_secs(3 * 24 * 3600),
        }
    }
}

/// What one check observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Observation {
    /// A 2xx answer.
    Fetched {
        /// Where it ended after redirects.
        final_url: String,
        /// The content fingerprint ([`crate::Fetched::content_fingerprint`]).
        fingerprint: String,
    },
    /// A 304 answer to a conditional request.
    NotModified,
    /// An HTTP error status.
    HttpError {
        /// The status code.
        status: u16,
    },
    /// No HTTP answer: timeout, refused, reset, TLS failure, ... (the [`crate::FetchError::code`]).
    NetworkError {
        /// The error code.
        code: String,
    },
}

impl Observation {
    /// Maps a fetch result to an observation.
    pub fn from_result(result: &Result<crate::FetchOutcome, crate::FetchError>) -> Observation {
        match result {
            Ok(crate::FetchOutcome::Fetched(f)) => Observation::Fetched {
                final_url: f.final_url.clone(),
                fingerprint: f.content_fingerprint(),
            },
            Ok(crate::FetchOutcome::NotModified { .. }) => Observation::NotModified,
            Err(crate::FetchError::Http { status }) => Observation::HttpError { status: *status },
            Err(e) => Observation::NetworkError {
                code: e.code().to_string(),
            },
        }
    }
}

/// One check of a link at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// When the check ran, as seconds since the Unix epoch.
    pub at_unix: i64,
    /// What it saw.
    pub observation: Observation,
}

/// The archived state a link is compared against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The final URL of the baseline snapshot.
    pub final_url: String,
    /// The content fingerprint of the baseline snapshot.
    pub fingerprint: String,
}

/// Assesses a link from its baseline snapshot and its checks (oldest first; the last is the latest).
/// With no checks the link is `Ok` (the baseline itself was a successful fetch).
pub fn assess_health(baseline: &Baseline, checks: &[Check], policy: &HealthPolicy) -> LinkHealth {
    let Some(latest) = checks.last() else {
        return LinkHealth::Ok;
    };
    match &latest.observation {
        Observation::NotModified => LinkHealth::Ok,
        Observation::NetworkError { .. } => LinkHealth::Failing,
        Observation::HttpError { status: 404 | 410 } => {
            let run: Vec<&Check> = checks
                .iter()
                .rev()
                .take_while(|c| {
                    matches!(c.observation, Observation::HttpError { status: 404 | 410 })
                })
                .collect();
            let first = run.last().map_or(latest.at_unix, |c| c.at_unix);
            let span = latest.at_unix.saturating_sub(first);
            let needed = i64::try_from(policy.gone_after.as_secs()).unwrap_or(i64::MAX);
            if run.len() >= 2 && span >= needed {
                LinkHealth::Gone
            } else {
                LinkHealth::Failing
            }
        }
        Observation::HttpError { .. } => LinkHealth::Failing,
        Observation::Fetched {
            final_url,
            fingerprint,
        } => {
            if moved_elsewhere(&baseline.final_url, final_url) {
                LinkHealth::RedirectedElsewhere
            } else if *fingerprint != baseline.fingerprint {
                LinkHealth::Changed
            } else {
                LinkHealth::Ok
            }
        }
    }
}

/// Another site (ignoring a `www.` prefix), or the front page when the baseline was not the front page.
fn moved_elsewhere(before: &str, now: &str) -> bool {
    let (Ok(b), Ok(n)) = (url::Url::parse(before), url::Url::parse(now)) else {
        return before != now;
    };
    let host = |u: &url::Url| {
        u.host_str()
            .unwrap_or_default()
            .trim_start_matches("www.")
            .to_ascii_lowercase()
    };
    if host(&b) != host(&n) {
        return true;
    }
    let front = |u: &url::Url| u.path() == "/" || u.path().is_empty();
    front(&n) && !front(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600;

    fn base() -> Baseline {
        Baseline {
            final_url: "https://www.example.org/news/a".into(),
            fingerprint: "f1".into(),
        }
    }

    fn check(at: i64, observation: Observation) -> Check {
        Check {
            at_unix: at,
            observation,
        }
    }

    fn status(s: u16) -> Observation {
        Observation::HttpError { status: s }
    }

    #[test]
    fn gone_needs_two_spaced_404s() {
        let p = HealthPolicy::default();
        assert_eq!(
            assess_health(&base(), &[check(0, status(404))], &p),
            LinkHealth::Failing
        );
        assert_eq!(
            assess_health(
                &base(),
                &[check(0, status(404)), check(DAY, status(410))],
                &p
            ),
            LinkHealth::Failing
        );
        assert_eq!(
            assess_health(
                &base(),
                &[check(0, status(404)), check(3 * DAY, status(410))],
                &p
            ),
            LinkHealth::Gone
        );
        // A success in between restarts the run.
        let ok = Observation::Fetched {
            final_url: base().final_url,
            fingerprint: "f1".into(),
        };
        let checks = [
            check(0, status(404)),
            check(DAY, ok),
            check(4 * DAY, status(404)),
        ];
        assert_eq!(assess_health(&base(), &checks, &p), LinkHealth::Failing);
        // The spacing is configurable.
        let quick = HealthPolicy {
            gone_after: Duration::from_secs(60),
        };
        assert_eq!(
            assess_health(
                &base(),
                &[check(0, status(404)), check(60, status(404))],
                &quick
            ),
            LinkHealth::Gone
        );
    }

    #[test]
    fn network_errors_and_5xx_are_failing_never_gone() {
        let p = HealthPolicy::default();
        let net = |at| {
            check(
                at,
                Observation::NetworkError {
                    code: "timeout".into(),
                },
            )
        };
        assert_eq!(
            assess_health(&base(), &[net(0), net(10 * DAY)], &p),
            LinkHealth::Failing
        );
        assert_eq!(
            assess_health(
                &base(),
                &[check(0, status(500)), check(9 * DAY, status(503))],
                &p
            ),
            LinkHealth::Failing
        );
    }

    #[test]
    fn changed_redirected_ok() {
        let p = HealthPolicy::default();
        let fetched = |u: &str, f: &str| {
            check(
                0,
                Observation::Fetched {
                    final_url: u.into(),
                    fingerprint: f.into(),
                },
            )
        };
        assert_eq!(assess_health(&base(), &[], &p), LinkHealth::Ok);
        assert_eq!(
            assess_health(&base(), &[fetched("https://example.org/news/a", "f1")], &p),
            LinkHealth::Ok
        );
        assert_eq!(
            assess_health(
                &base(),
                &[fetched("https://www.example.org/news/a", "f2")],
                &p
            ),
            LinkHealth::Changed
        );
        assert_eq!(
            assess_health(&base(), &[fetched("https://other.net/a", "f1")], &p),
            LinkHealth::RedirectedElsewhere
        );
        assert_eq!(
            assess_health(&base(), &[fetched("https://www.example.org/", "f9")], &p),
            LinkHealth::RedirectedElsewhere
        );
        assert_eq!(
            assess_health(&base(), &[check(0, Observation::NotModified)], &p),
            LinkHealth::Ok
        );
    }
}
