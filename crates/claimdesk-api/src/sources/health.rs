//! Link health: judged from the recorded checks of a URL against the snapshot that was cited, and re-checking a
//! document's links (conditional requests, a new snapshot when the content changed).

use claimdesk_sources as sources;
use claimdesk_store as store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::jobs::Job;
use super::LinkHealth;
use crate::{ApiResult, Claimdesk};

/// The result of re-checking one cited URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LinkReport {
    /// The URL.
    pub url: String,
    /// ok, changed, redirected_elsewhere, gone or failing.
    pub health: LinkHealth,
    /// A new snapshot archived because the content changed.
    #[ts(type = "number | null")]
    pub new_snapshot: Option<u64>,
    /// What happened, in words.
    pub message: String,
}

/// The link-health policy: how far apart two 404/410 answers must be before a link counts as gone.
/// `CLAIMDESK_GONE_AFTER_HOURS` overrides the default of three days (Wikipedia's bots wait days too).
fn health_policy() -> sources::HealthPolicy {
    let mut p = sources::HealthPolicy::default();
    if let Some(h) = std::env::var("CLAIMDESK_GONE_AFTER_HOURS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|h| h.is_finite() && *h >= 0.0)
    {
        p.gone_after = std::time::Duration::from_secs_f64(h * 3600.0);
    }
    p
}

pub(super) fn snapshot_fingerprint(s: &store::Snapshot) -> String {
    sources::text_fingerprint(Some(&s.text), &s.sha256)
}

impl Claimdesk {
    /// Link health of `url` against the snapshot a citation was checked against, from the recorded checks.
    pub(crate) fn health_of(
        &self,
        url: &str,
        baseline: Option<&store::Snapshot>,
    ) -> ApiResult<(LinkHealth, Option<String>)> {
        let checks: Vec<sources::Check> = self
            .store
            .link_checks(url)?
            .into_iter()
            .filter_map(|(_, v)| serde_json::from_value(v).ok())
            .collect();
        let last_error = checks.last().and_then(|c| match &c.observation {
            sources::Observation::HttpError { status } => {
                Some(format!("The server answered HTTP {status}."))
            }
            sources::Observation::NetworkError { code } => {
                Some(format!("The last fetch failed ({code})."))
            }
            _ => None,
        });
        let Some(base) = baseline else {
            // Never archived: the link failed from the start.
            let health = if checks.is_empty() {
                LinkHealth::Unchecked
            } else {
                LinkHealth::Failing
            };
            let health = match sources::assess_health(
                &sources::Baseline {
                    final_url: url.to_string(),
                    fingerprint: String::new(),
                },
                &checks,
                &health_policy(),
            ) {
                LinkHealth::Gone => LinkHealth::Gone,
                _ => health,
            };
            return Ok((health, last_error));
        };
        let h = sources::assess_health(
            &sources::Baseline {
                final_url: base.final_url.clone(),
                fingerprint: snapshot_fingerprint(base),
            },
            &checks,
            &health_policy(),
        );
        Ok((h, last_error))
    }

    /// Re-checks every URL cited in a document (`claimdesk recheck`): a conditional request per URL (ETag,
    /// Last-Modified); changed content is archived as a new snapshot. Fetches run concurrently under the
    /// fetcher's limits; one bad source never holds up the others.
    pub async fn recheck(&self, doc: u64, job: &Job) -> ApiResult<Vec<LinkReport>> {
        let mut urls: Vec<(String, Option<store::Snapshot>)> = Vec::new();
        for c in self.store.claims(doc)? {
            for cit in self.store.citations(c.id)? {
                if urls.iter().any(|(u, _)| *u == cit.url) {
                    continue;
                }
                let latest = self
                    .store
                    .snapshots_for_url(&cit.url)?
                    .into_iter()
                    .max_by_key(|s| s.id);
                urls.push((cit.url.clone(), latest));
            }
        }
        let checks = urls.iter().map(|(url, latest)| async move {
            let validators = latest.as_ref().map(|s| sources::Validators {
                etag: sources::header(&s.headers, "etag").map(str::to_string),
                last_modified: sources::header(&s.headers, "last-modified").map(str::to_string),
            });
            let r = self.fetch_with(job, url, validators.as_ref()).await;
            (url.clone(), latest.clone(), r)
        });
        let results = futures_util::future::join_all(checks).await;
        self.finish_job(job);
        let mut out = Vec::new();
        for (url, latest, r) in results {
            let obs = sources::Observation::from_result(&r);
            let mut archive = None;
            let mut message = match &r {
                Ok(sources::FetchOutcome::NotModified { .. }) => {
                    "Unchanged (the server answered 304).".to_string()
                }
                Ok(sources::FetchOutcome::Fetched(_)) => "Fetched again.".to_string(),
                Err(e) => e.to_string(),
            };
            if let Ok(sources::FetchOutcome::Fetched(f)) = &r {
                let changed = latest
                    .as_ref()
                    .map(|s| snapshot_fingerprint(s) != f.content_fingerprint())
                    .unwrap_or(true);
                if changed {
                    archive = Some(Self::new_snapshot(f));
                    message = "The content changed; a new snapshot was archived.".to_string();
                } else {
                    message = "Unchanged.".to_string();
                }
            }
            // The new snapshot (if any) and the check are one store action.
            let new_snapshot = self
                .store
                .record_fetch(
                    &url,
                    archive,
                    latest.as_ref().map(|s| s.id),
                    Self::check_value(&obs)?,
                    &self.editor(),
                )?
                .map(|s| s.id);
            // Health is judged against the snapshot the editor cited (the oldest), so a change stays visible.
            let cited = self
                .store
                .snapshots_for_url(&url)?
                .into_iter()
                .min_by_key(|s| s.id);
            let (health, _) = self.health_of(&url, cited.as_ref())?;
            out.push(LinkReport {
                url,
                health,
                new_snapshot,
                message,
            });
        }
        Ok(out)
    }
}
