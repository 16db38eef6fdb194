//! Sources and evidence: citing a URL (fetch, archive, find the passage), re-checking links, reading snapshots,
//! evidence for a claim, claim memory and the workspace-wide source search.
//!
//! Fetching is async (reqwest on tokio); everything else here is quick store and text work done inline.

use std::sync::Arc;

use claimdesk_evidence as evidence;
use claimdesk_sources as sources;
use claimdesk_store as store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::offsets::Utf16Map;
use crate::{rfc3339, ApiError, ApiResult, ClaimStatus, Claimdesk, ErrorCode};

/// How a citation bears on its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CitationStance {
    /// The source supports the claim.
    Supports,
    /// The source contradicts the claim.
    Contradicts,
    /// Background only.
    Context,
}

/// A passage of a snapshot's text (UTF-16 offsets into that text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PassageView {
    /// The passage text.
    pub text: String,
    /// Start, UTF-16 code units into the snapshot text.
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
    /// Relevance score (ranked passages only; 0 for a cited passage).
    pub score: f32,
}

/// What Claimdesk knows about an archived source, for the citation list and reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceSummary {
    /// Snapshot id.
    #[ts(type = "number")]
    pub snapshot: u64,
    /// Title from the page's metadata.
    pub title: Option<String>,
    /// Publisher or site name.
    pub publisher: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Published date as the page gives it.
    pub published: Option<String>,
    /// When Claimdesk archived it (RFC 3339).
    pub archived_at: String,
    /// SHA-256 of the archived body.
    pub sha256: String,
    /// Where the request ended after redirects.
    pub final_url: String,
    /// The response's content type.
    pub content_type: Option<String>,
    /// Whether the snapshot has readable text.
    pub has_text: bool,
}

/// A citation as the claim detail shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CitationView {
    /// Citation id.
    #[ts(type = "number")]
    pub id: u64,
    /// The claim it belongs to.
    #[ts(type = "number")]
    pub claim: u64,
    /// The cited URL.
    pub url: String,
    /// Supports, contradicts or context.
    pub stance: CitationStance,
    /// The editor's note.
    pub note: String,
    /// Who added it.
    pub added_by: String,
    /// When (RFC 3339).
    pub added_at: String,
    /// The archived source it was checked against, if the fetch succeeded.
    pub source: Option<SourceSummary>,
    /// The cited passage in the snapshot text.
    pub passage: Option<PassageView>,
    /// Link health: ok, changed, redirected_elsewhere, gone, failing, or unchecked.
    pub health: String,
    /// Why the last fetch failed, when it did.
    pub fetch_error: Option<String>,
}

/// One quotation of the claim looked up in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteCheckView {
    /// The quotation from the claim.
    pub quote: String,
    /// exact, fuzzy or not_found.
    #[serde(rename = "match")]
    #[ts(rename = "match")]
    pub match_kind: String,
    /// Edit distance of a fuzzy match.
    pub distance: Option<u32>,
    /// The source's own wording where it was found.
    pub source_text: Option<String>,
    /// Start in the source text, UTF-16 units.
    pub start: Option<u32>,
    /// End in the source text, UTF-16 units.
    pub end: Option<u32>,
}

/// A number in the claim paired with one in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NumberPairView {
    /// As written in the claim.
    pub claim: String,
    /// As written in the source.
    pub source: String,
    /// count, percent, money, year, date or vague.
    pub kind: String,
}

/// Which numbers agree, conflict, or appear only in the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NumbersView {
    /// Numbers the source confirms.
    pub matched: Vec<NumberPairView>,
    /// Numbers the source gives differently.
    pub conflicting: Vec<NumberPairView>,
    /// Numbers the source does not mention.
    pub claim_only: Vec<String>,
}

/// One reason behind a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReasonView {
    /// Machine-readable kind, e.g. quote_found, numbers_conflict, negation_mismatch.
    pub kind: String,
    /// The reason in words.
    pub message: String,
}

/// Claimdesk's suggestion. The editor decides; nothing sets a status from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SuggestionView {
    /// supports, contradicts or not_enough_info.
    pub stance: String,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Why.
    pub reasons: Vec<ReasonView>,
}

/// Evidence for a claim in one source (the `claimdesk evidence` JSON and the claim detail's evidence panel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceView {
    /// JSON schema version.
    pub schema_version: u32,
    /// The snapshot examined, when it came from the workspace.
    #[ts(type = "number | null")]
    pub snapshot: Option<u64>,
    /// Quote check for every quotation in the claim.
    pub quotes: Vec<QuoteCheckView>,
    /// Numbers and dates compared.
    pub numbers: NumbersView,
    /// The five most relevant passages.
    pub passages: Vec<PassageView>,
    /// The suggested stance with its reasons.
    pub suggestion: SuggestionView,
}

/// An archived snapshot for the source reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SnapshotView {
    /// Metadata and archive facts.
    pub summary: SourceSummary,
    /// The URL that was cited.
    pub url: String,
    /// Redirects followed, in order.
    pub redirect_chain: Vec<String>,
    /// HTTP status.
    pub status: u16,
    /// The extracted text (empty when the source has no readable text).
    pub text: String,
    /// Other snapshots of the same URL, oldest first (for the diff).
    #[ts(type = "number[]")]
    pub versions: Vec<u64>,
}

/// One line of a diff between two snapshots' texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DiffLineView {
    /// same, removed or added.
    pub op: String,
    /// The line.
    pub text: String,
}

/// A progress event of a background source job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct JobProgress {
    /// Job id (for cancel).
    #[ts(type = "number")]
    pub job: u64,
    /// The URL being fetched.
    pub url: String,
    /// queued, connecting, bytes, extracting, done, failed or cancelled.
    pub stage: String,
    /// Bytes received so far.
    #[ts(type = "number | null")]
    pub received: Option<u64>,
    /// Expected total bytes, when known.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    /// Failure reason.
    pub message: Option<String>,
}

/// The result of re-checking one cited URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LinkReport {
    /// The URL.
    pub url: String,
    /// ok, changed, redirected_elsewhere, gone or failing.
    pub health: String,
    /// A new snapshot archived because the content changed.
    #[ts(type = "number | null")]
    pub new_snapshot: Option<u64>,
    /// What happened, in words.
    pub message: String,
}

/// An earlier claim that resembles this one (claim memory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SimilarClaim {
    /// The earlier claim's id.
    #[ts(type = "number")]
    pub claim: u64,
    /// Its document's id.
    #[ts(type = "number")]
    pub document: u64,
    /// Its document's title.
    pub document_title: String,
    /// Its text.
    pub text: String,
    /// Its status.
    pub status: ClaimStatus,
    /// Number of citations it has (reusable with one action).
    pub citations: u32,
    /// Similarity score.
    pub score: f32,
}

/// A hit of the workspace-wide source search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceHit {
    /// Snapshot id.
    #[ts(type = "number")]
    pub snapshot: u64,
    /// The archived URL.
    pub url: String,
    /// Page title.
    pub title: Option<String>,
    /// The matching passage.
    pub passage: PassageView,
}

/// A background job's handle: its id, its cancel token and where its progress goes.
#[derive(Clone)]
pub struct Job {
    /// Job id.
    pub id: u64,
    /// Cancelling it stops the fetch.
    pub cancel: sources::CancellationToken,
    progress: Arc<dyn Fn(JobProgress) + Send + Sync>,
}

impl Job {
    fn emit(
        &self,
        url: &str,
        stage: &str,
        received: Option<u64>,
        total: Option<u64>,
        message: Option<String>,
    ) {
        (self.progress)(JobProgress {
            job: self.id,
            url: url.to_string(),
            stage: stage.to_string(),
            received,
            total,
            message,
        });
    }
}

/// Turns a store stance into the DTO's and back.
fn stance_to_store(s: CitationStance) -> store::Stance {
    match s {
        CitationStance::Supports => store::Stance::Supports,
        CitationStance::Contradicts => store::Stance::Contradicts,
        CitationStance::Context => store::Stance::Context,
    }
}

fn stance_from_store(s: store::Stance) -> CitationStance {
    match s {
        store::Stance::Supports => CitationStance::Supports,
        store::Stance::Contradicts => CitationStance::Contradicts,
        store::Stance::Context => CitationStance::Context,
    }
}

fn u16(map: &Utf16Map, byte: usize) -> u32 {
    u32::try_from(map.to_utf16(byte)).unwrap_or(u32::MAX)
}

fn summary_of(s: &store::Snapshot) -> SourceSummary {
    SourceSummary {
        snapshot: s.id,
        title: s.metadata.title.clone(),
        publisher: s.metadata.site_name.clone(),
        authors: s.metadata.authors.clone(),
        published: s.metadata.published.clone(),
        archived_at: rfc3339(s.fetched_at),
        sha256: s.sha256.clone(),
        final_url: s.final_url.clone(),
        content_type: s.content_type.clone(),
        has_text: !s.text.trim().is_empty(),
    }
}

/// Builds the evidence DTO from the evidence crate's report (byte offsets into `source`).
pub(crate) fn evidence_view(
    report: &evidence::EvidenceReport,
    source: &str,
    snapshot: Option<u64>,
) -> EvidenceView {
    let map = Utf16Map::new(source);
    let pairs = |ps: &[evidence::NumberPair]| -> Vec<NumberPairView> {
        ps.iter()
            .map(|p| NumberPairView {
                claim: p.claim.text.clone(),
                source: p.source.text.clone(),
                kind: crate::enum_name(&p.claim.kind),
            })
            .collect()
    };
    EvidenceView {
        schema_version: crate::SCHEMA_VERSION,
        snapshot,
        quotes: report
            .quotes
            .iter()
            .map(|q| QuoteCheckView {
                quote: q.quote.clone(),
                match_kind: crate::enum_name(&q.r#match),
                distance: q.distance.and_then(|d| u32::try_from(d).ok()),
                source_text: q.source_text.clone(),
                start: q.start.map(|b| u16(&map, b)),
                end: q.end.map(|b| u16(&map, b)),
            })
            .collect(),
        numbers: NumbersView {
            matched: pairs(&report.numbers.matched),
            conflicting: pairs(&report.numbers.conflicting),
            claim_only: report
                .numbers
                .claim_only
                .iter()
                .map(|n| n.text.clone())
                .collect(),
        },
        passages: report
            .passages
            .iter()
            .map(|p| PassageView {
                text: p.text.clone(),
                start: u16(&map, p.start),
                end: u16(&map, p.end),
                score: p.score,
            })
            .collect(),
        suggestion: SuggestionView {
            stance: crate::enum_name(&report.suggestion.stance),
            confidence: report.suggestion.confidence,
            reasons: report
                .suggestion
                .reasons
                .iter()
                .map(|r| ReasonView {
                    kind: crate::enum_name(&r.kind),
                    message: r.message.clone(),
                })
                .collect(),
        },
    }
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

fn snapshot_fingerprint(s: &store::Snapshot) -> String {
    sources::text_fingerprint(Some(&s.text), &s.sha256)
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Claimdesk {
    /// Starts a background job: an id, a cancel token registered for [`Claimdesk::cancel_job`], and a progress sink.
    pub fn start_job(&self, progress: Arc<dyn Fn(JobProgress) + Send + Sync>) -> Job {
        let id = self
            .next_job
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let cancel = sources::CancellationToken::new();
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.insert(id, cancel.clone());
        }
        Job {
            id,
            cancel,
            progress,
        }
    }

    fn finish_job(&self, job: &Job) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.remove(&job.id);
        }
    }

    /// Cancels a running job; returns whether it was still running.
    pub fn cancel_job(&self, job: u64) -> bool {
        match self.jobs.lock() {
            Ok(mut jobs) => jobs.remove(&job).map(|t| t.cancel()).is_some(),
            Err(_) => false,
        }
    }

    /// Fetches a URL with progress reported to `job`.
    async fn fetch_with(
        &self,
        job: &Job,
        url: &str,
        conditional: Option<&sources::Validators>,
    ) -> Result<sources::FetchOutcome, sources::FetchError> {
        let j = job.clone();
        let u = url.to_string();
        let progress = move |p: sources::Progress| match p {
            sources::Progress::Queued => j.emit(&u, "queued", None, None, None),
            sources::Progress::Connecting => j.emit(&u, "connecting", None, None, None),
            sources::Progress::Bytes { received, total } => {
                j.emit(&u, "bytes", Some(received), total, None)
            }
            sources::Progress::Extracting => j.emit(&u, "extracting", None, None, None),
            sources::Progress::Done => j.emit(&u, "done", None, None, None),
            sources::Progress::Failed { reason, .. } => {
                j.emit(&u, "failed", None, None, Some(reason))
            }
        };
        self.fetcher
            .fetch(url, conditional, &progress, &job.cancel)
            .await
    }

    /// Stateless fetch (`claimdesk fetch`): fetch, extract, metadata, SHA-256. Nothing is stored, and no workspace
    /// is needed.
    pub async fn fetch_url(url: &str) -> ApiResult<FetchView> {
        match stateless_fetch(url).await? {
            sources::FetchOutcome::Fetched(f) => Ok(FetchView::from_fetched(&f)),
            sources::FetchOutcome::NotModified { .. } => {
                Err(ApiError::internal("unconditional fetch answered 304"))
            }
        }
    }

    /// The snapshot to archive for a fetched response.
    fn new_snapshot(f: &sources::Fetched) -> store::NewSnapshot {
        let fetched_at = time::OffsetDateTime::parse(
            &f.fetched_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or_else(|_| now_unix() * 1000);
        let m = &f.extracted.metadata;
        let health = if f.final_url != f.request_url {
            store::LinkHealth::Redirected
        } else {
            store::LinkHealth::Ok
        };
        store::NewSnapshot {
            url: f.request_url.clone(),
            final_url: f.final_url.clone(),
            redirect_chain: f.redirect_chain.iter().map(|r| r.url.clone()).collect(),
            fetched_at,
            status: f.status,
            headers: f.headers.clone(),
            content_type: f.content_type.clone(),
            raw: f.body.clone(),
            text: f.extracted.text.clone().unwrap_or_default(),
            metadata: store::SourceMetadata {
                title: m.title.clone(),
                authors: m.authors.clone(),
                published: m.published.clone(),
                modified: m.modified.clone(),
                site_name: m.site_name.clone(),
                canonical_url: m.canonical_url.clone(),
                language: m.language.clone(),
                description: m.description.clone(),
            },
            link_health: health,
        }
    }

    /// A link check observed now, as the store keeps it.
    fn check_value(obs: &sources::Observation) -> ApiResult<serde_json::Value> {
        let check = sources::Check {
            at_unix: now_unix(),
            observation: obs.clone(),
        };
        serde_json::to_value(&check).map_err(ApiError::internal)
    }

    /// Cites `url` for a claim: fetches and archives it, finds the passage that bears on the claim, and attaches
    /// the citation. A dead or failing link is still attached (the editor's work is never lost), without a
    /// snapshot and with the failure in `fetch_error`. A URL that is not http(s) is refused before anything is
    /// written. The snapshot, the link check and the citation are stored as one store action (one transaction).
    pub async fn cite(
        &self,
        claim: u64,
        url: &str,
        stance: CitationStance,
        note: Option<String>,
        job: &Job,
    ) -> ApiResult<CitationView> {
        let url = url.trim();
        sources::parse_http_url(url)?;
        let c = self.store.claim(claim)?;
        job.emit(url, "queued", None, None, None);
        let result = self.fetch_with(job, url, None).await;
        self.finish_job(job);
        if let Err(sources::FetchError::Cancelled) = result {
            job.emit(url, "cancelled", None, None, None);
            return Err(ApiError::new(
                ErrorCode::Cancelled,
                "Fetching the source was cancelled; nothing was attached.",
            ));
        }
        let obs = sources::Observation::from_result(&result);
        let (snapshot, passage, fetch_error) = match result {
            Ok(sources::FetchOutcome::Fetched(f)) => {
                let snap = Self::new_snapshot(&f);
                let passage = best_passage(&c.text, &snap.text);
                (Some(snap), passage, None)
            }
            Ok(sources::FetchOutcome::NotModified { .. }) => (None, None, None),
            Err(e) => (None, None, Some(e.to_string())),
        };
        let cited = self.store.cite(
            claim,
            store::NewCite {
                snapshot,
                check: Some(Self::check_value(&obs)?),
                citation: store::NewCitation {
                    url: url.to_string(),
                    stance: stance_to_store(stance),
                    snapshot: None,
                    passage,
                    note: note.unwrap_or_default(),
                },
            },
            &self.editor,
        )?;
        let mut view = self.citation_view(&cited.citation)?;
        if view.fetch_error.is_none() {
            view.fetch_error = fetch_error;
        }
        Ok(view)
    }

    /// A claim's citations with their sources and link health.
    pub fn citations(&self, claim: u64) -> ApiResult<Vec<CitationView>> {
        self.store
            .citations(claim)?
            .iter()
            .map(|c| self.citation_view(c))
            .collect()
    }

    fn citation_view(&self, c: &store::Citation) -> ApiResult<CitationView> {
        let snap = match c.snapshot {
            Some(id) => Some(self.store.snapshot(id)?),
            None => None,
        };
        let (health, fetch_error) = self.health_of(&c.url, snap.as_ref())?;
        let passage = match (&c.passage, &snap) {
            (Some(p), Some(s)) => {
                let map = Utf16Map::new(&s.text);
                Some(PassageView {
                    text: p.text.clone(),
                    start: u16(&map, p.start),
                    end: u16(&map, p.end),
                    score: 0.0,
                })
            }
            _ => None,
        };
        Ok(CitationView {
            id: c.id,
            claim: c.claim,
            url: c.url.clone(),
            stance: stance_from_store(c.stance),
            note: c.note.clone(),
            added_by: c.added_by.clone(),
            added_at: rfc3339(c.added_at),
            source: snap.as_ref().map(summary_of),
            passage,
            health,
            fetch_error,
        })
    }

    /// Link health of `url` against the snapshot a citation was checked against, from the recorded checks.
    pub(crate) fn health_of(
        &self,
        url: &str,
        baseline: Option<&store::Snapshot>,
    ) -> ApiResult<(String, Option<String>)> {
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
                "unchecked"
            } else {
                "failing"
            };
            let health = match sources::assess_health(
                &sources::Baseline {
                    final_url: url.to_string(),
                    fingerprint: String::new(),
                },
                &checks,
                &health_policy(),
            ) {
                sources::LinkHealth::Gone => "gone",
                _ => health,
            };
            return Ok((health.to_string(), last_error));
        };
        let h = sources::assess_health(
            &sources::Baseline {
                final_url: base.final_url.clone(),
                fingerprint: snapshot_fingerprint(base),
            },
            &checks,
            &health_policy(),
        );
        Ok((h.code().to_string(), last_error))
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
                    &self.editor,
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

    /// Evidence for a claim in one of the workspace's snapshots.
    pub fn evidence(&self, claim: u64, snapshot: u64) -> ApiResult<EvidenceView> {
        let c = self.store.claim(claim)?;
        let s = self.store.snapshot(snapshot)?;
        Ok(evidence_view(
            &evidence::analyze(&c.text, &s.text),
            &s.text,
            Some(snapshot),
        ))
    }

    /// Stateless evidence (`claimdesk evidence --claim TEXT --source FILE_OR_URL`).
    pub async fn evidence_for_text(claim: &str, source: &str) -> ApiResult<EvidenceView> {
        let claim = claim.trim();
        if claim.is_empty() {
            return Err(ApiError::invalid("The claim text is empty."));
        }
        let text = if source.starts_with("http://") || source.starts_with("https://") {
            match stateless_fetch(source).await? {
                sources::FetchOutcome::Fetched(f) => f.extracted.text.unwrap_or_default(),
                sources::FetchOutcome::NotModified { .. } => String::new(),
            }
        } else {
            let path = std::path::Path::new(source);
            let bytes = std::fs::read(path).map_err(|e| crate::file_error(path, &e))?;
            let ct = match path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("html") | Some("htm") => Some("text/html"),
                Some("pdf") => Some("application/pdf"),
                Some("json") => Some("application/json"),
                _ => Some("text/plain"),
            };
            sources::extract(ct, source, &bytes)
                .text
                .unwrap_or_default()
        };
        if text.trim().is_empty() {
            return Err(ApiError::new(
                ErrorCode::NoReadableText,
                "The source has no readable text to compare with.",
            ));
        }
        Ok(evidence_view(&evidence::analyze(claim, &text), &text, None))
    }

    /// Sets the cited passage of a citation to a range of its snapshot's text (UTF-16 offsets from the UI).
    pub fn set_citation_passage(
        &self,
        citation: u64,
        start: u32,
        end: u32,
    ) -> ApiResult<CitationView> {
        let c = self.store.citation(citation)?;
        let snap_id = c.snapshot.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NoSnapshot,
                "This citation has no archived source to quote from.",
            )
        })?;
        let s = self.store.snapshot(snap_id)?;
        let map = Utf16Map::new(&s.text);
        let (a, b) = (
            map.to_utf8(start as usize, s.text.len()),
            map.to_utf8(end as usize, s.text.len()),
        );
        let text = s
            .text
            .get(a..b)
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| {
                ApiError::invalid("The chosen passage is empty or outside the source text.")
            })?;
        let passage = store::Passage {
            text: text.to_string(),
            start: a,
            end: b,
        };
        let updated = self.store.update_citation_passage(
            citation,
            Some(snap_id),
            Some(passage),
            &self.editor,
        )?;
        self.citation_view(&updated)
    }

    /// Changes a citation's stance.
    pub fn set_citation_stance(
        &self,
        citation: u64,
        stance: CitationStance,
    ) -> ApiResult<CitationView> {
        let updated = self.store.update_citation(
            citation,
            store::CitationPatch {
                stance: Some(stance_to_store(stance)),
                ..Default::default()
            },
            &self.editor,
        )?;
        self.citation_view(&updated)
    }

    /// Removes a citation; the claim returns to unsourced when it was the last one.
    pub fn remove_citation(
        &self,
        citation: u64,
        reason: Option<String>,
    ) -> ApiResult<crate::ClaimView> {
        let c = self.store.remove_citation(citation, reason, &self.editor)?;
        self.claim_view_of(&c)
    }

    /// A snapshot for the source reader.
    pub fn snapshot(&self, id: u64) -> ApiResult<SnapshotView> {
        let s = self.store.snapshot(id)?;
        let mut versions: Vec<u64> = self
            .store
            .snapshots_for_url(&s.url)?
            .iter()
            .map(|v| v.id)
            .collect();
        versions.sort_unstable();
        Ok(SnapshotView {
            summary: summary_of(&s),
            url: s.url.clone(),
            redirect_chain: s.redirect_chain.clone(),
            status: s.status,
            text: s.text.clone(),
            versions,
        })
    }

    /// A line diff between two snapshots' texts.
    pub fn diff_snapshots(&self, old: u64, new: u64) -> ApiResult<Vec<DiffLineView>> {
        let a = self.store.snapshot(old)?;
        let b = self.store.snapshot(new)?;
        Ok(sources::diff_lines(&a.text, &b.text)
            .into_iter()
            .map(|l| match l {
                sources::DiffLine::Same(t) => DiffLineView {
                    op: "same".into(),
                    text: t,
                },
                sources::DiffLine::Removed(t) => DiffLineView {
                    op: "removed".into(),
                    text: t,
                },
                sources::DiffLine::Added(t) => DiffLineView {
                    op: "added".into(),
                    text: t,
                },
            })
            .collect())
    }

    /// Earlier claims in the workspace that resemble this one, with their status and citations (claim memory).
    pub fn similar_claims(&self, claim: u64) -> ApiResult<Vec<SimilarClaim>> {
        let c = self.store.claim(claim)?;
        let mut memory = evidence::ClaimMemory::new();
        let mut by_id = std::collections::HashMap::new();
        // Claim memory looks at the workspace's *other* drafts: the same claim made again elsewhere. Claims of this
        // draft are on screen already, and skipping them keeps a selection in a large draft cheap.
        for d in self
            .store
            .documents()?
            .into_iter()
            .filter(|d| d.id != c.document)
        {
            for other in self.store.claims(d.id)? {
                if !other.checkworthy {
                    continue;
                }
                memory.add(&other.id.to_string(), &other.text);
                by_id.insert(other.id, (other, d.title.clone()));
            }
        }
        Ok(memory
            .similar(&c.text, 5, evidence::ClaimMemory::DEFAULT_THRESHOLD, None)
            .into_iter()
            .filter_map(|hit| {
                let score = hit.similarity;
                let (o, title) = by_id.get(&hit.id.parse::<u64>().ok()?)?;
                Some(SimilarClaim {
                    claim: o.id,
                    document: o.document,
                    document_title: title.clone(),
                    text: o.text.clone(),
                    status: crate::status_from_store(o.status),
                    citations: u32::try_from(o.citations.len()).unwrap_or(u32::MAX),
                    score,
                })
            })
            .collect())
    }

    /// Reuses an earlier claim's citations for this claim (one action from claim memory): each citation is copied
    /// with its stance, snapshot and passage.
    pub fn reuse_citations(&self, from: u64, to: u64) -> ApiResult<Vec<CitationView>> {
        self.store.claim(to)?;
        let mut out = Vec::new();
        for c in self.store.citations(from)? {
            let added = self.store.add_citation(
                to,
                store::NewCitation {
                    url: c.url.clone(),
                    stance: c.stance,
                    snapshot: c.snapshot,
                    passage: c.passage.clone(),
                    note: if c.note.is_empty() {
                        format!("Reused from claim {from}")
                    } else {
                        format!("{} (reused from claim {from})", c.note)
                    },
                },
                &self.editor,
            )?;
            out.push(self.citation_view(&added)?);
        }
        Ok(out)
    }

    /// Workspace-wide search of archived sources' text.
    pub fn search_sources(&self, query: &str, k: usize) -> ApiResult<Vec<SourceHit>> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        // Snapshots are found through the citations (every archived snapshot was made for one).
        let mut index = evidence::SourceIndex::new();
        let mut snaps = std::collections::HashMap::new();
        for d in self.store.documents()? {
            for c in self.store.claims(d.id)? {
                for cit in self.store.citations(c.id)? {
                    for s in self.store.snapshots_for_url(&cit.url)? {
                        if let std::collections::hash_map::Entry::Vacant(slot) = snaps.entry(s.id) {
                            index.add(&s.id.to_string(), &s.text);
                            slot.insert(s);
                        }
                    }
                }
            }
        }
        Ok(index
            .search(query, k)
            .into_iter()
            .filter_map(|h| {
                let s = snaps.get(&h.id.parse::<u64>().ok()?)?;
                let map = Utf16Map::new(&s.text);
                Some(SourceHit {
                    snapshot: s.id,
                    url: s.url.clone(),
                    title: s.metadata.title.clone(),
                    passage: PassageView {
                        text: s.text.get(h.start..h.end).unwrap_or_default().to_string(),
                        start: u16(&map, h.start),
                        end: u16(&map, h.end),
                        score: h.score,
                    },
                })
            })
            .collect())
    }
}

/// One fetch with the default limits and no progress, for the stateless commands.
async fn stateless_fetch(url: &str) -> Result<sources::FetchOutcome, sources::FetchError> {
    let fetcher = sources::Fetcher::new(sources::FetchConfig::default())?;
    fetcher
        .fetch(url, None, &|_| {}, &sources::CancellationToken::new())
        .await
}

/// The passage a new citation starts with: the top-ranked passage of the source for the claim.
fn best_passage(claim: &str, source: &str) -> Option<store::Passage> {
    if source.trim().is_empty() {
        return None;
    }
    // Ranking returns sentences and paragraphs; the citation starts from the best one short enough to quote (a
    // whole-article "paragraph" from a page without paragraph breaks is no passage).
    let ranked = evidence::rank_passages(claim, source, 5);
    let pick = ranked.iter().position(|p| p.text.len() <= 600).unwrap_or(0);
    ranked.into_iter().nth(pick).map(|p| store::Passage {
        text: p.text,
        start: p.start,
        end: p.end,
    })
}

/// `claimdesk fetch --json`: what a stateless fetch found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FetchView {
    /// JSON schema version.
    pub schema_version: u32,
    /// The URL asked for.
    pub url: String,
    /// Where it ended after redirects.
    pub final_url: String,
    /// The redirects followed.
    pub redirect_chain: Vec<String>,
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub content_type: Option<String>,
    /// When (RFC 3339).
    pub fetched_at: String,
    /// SHA-256 of the body.
    pub sha256: String,
    /// Body size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Title.
    pub title: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Published date.
    pub published: Option<String>,
    /// Modified date.
    pub modified: Option<String>,
    /// Publisher or site name.
    pub site_name: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Extracted main text, or null when there is no readable text.
    pub text: Option<String>,
}

impl FetchView {
    fn from_fetched(f: &sources::Fetched) -> Self {
        let m = &f.extracted.metadata;
        FetchView {
            schema_version: crate::SCHEMA_VERSION,
            url: f.request_url.clone(),
            final_url: f.final_url.clone(),
            redirect_chain: f.redirect_chain.iter().map(|r| r.url.clone()).collect(),
            status: f.status,
            content_type: f.content_type.clone(),
            fetched_at: f.fetched_at.clone(),
            sha256: f.sha256.clone(),
            bytes: f.body.len() as u64,
            title: m.title.clone(),
            authors: m.authors.clone(),
            published: m.published.clone(),
            modified: m.modified.clone(),
            site_name: m.site_name.clone(),
            canonical_url: m.canonical_url.clone(),
            language: m.language.clone(),
            description: m.description.clone(),
            text: f.extracted.text.clone(),
        }
    }
}
