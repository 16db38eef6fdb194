//! Citing: attach a URL to a claim (fetch, archive, best passage), the claim's citations as the detail shows
//! them, and the edits of a citation (passage, stance, removal, reuse from claim memory).

use claimdesk_evidence as evidence;
use claimdesk_sources as sources;
use claimdesk_store as store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::jobs::{fetch_reporting, Job, JobStage};
use super::{summary_of, u16, CitationStance, LinkHealth, PassageView, SourceSummary};
use crate::changes::{CitationChange, ClaimChange};
use crate::offsets::Utf16Map;
use crate::{rfc3339, ApiError, ApiResult, Claimdesk, ErrorCode};

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
    pub health: LinkHealth,
    /// Why the last fetch failed, when it did.
    pub fetch_error: Option<String>,
}

/// A source fetched for a citation, not yet attached (see [`Claimdesk::fetch_source`]).
#[derive(Debug)]
pub struct FetchedSource {
    /// The URL without credentials: the form that is stored and shown.
    shown: String,
    /// The fetch's outcome; a failed fetch is still attached, with its failure recorded.
    result: Result<sources::FetchOutcome, sources::FetchError>,
}

/// Fetches for a citation: a cancelled fetch and a private address are errors (nothing is attached); every other
/// outcome, a dead link included, is kept for the citation.
async fn fetch_for_citation(
    fetcher: &sources::Fetcher,
    job: &Job,
    url: &str,
) -> ApiResult<FetchedSource> {
    let url = url.trim();
    // Credentials in the URL are sent with this fetch but never stored, shown or exported.
    let shown = sources::url_without_credentials(url);
    job.emit(&shown, JobStage::Queued, None, None, None);
    let result = fetch_reporting(fetcher, job, url, None).await;
    match result {
        Err(sources::FetchError::Cancelled) => {
            job.emit(&shown, JobStage::Cancelled, None, None, None);
            Err(ApiError::new(
                ErrorCode::Cancelled,
                "Fetching the source was cancelled; nothing was attached.",
            ))
        }
        // A source on a private address is refused, like a non-http(s) URL: nothing is attached, so an internal
        // page never reaches a report or a bundle (the editor may opt in; see `set_allow_private_sources`).
        Err(e @ sources::FetchError::PrivateAddress { .. }) => Err(e.into()),
        result => Ok(FetchedSource { shown, result }),
    }
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

impl Claimdesk {
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
    ) -> ApiResult<CitationChange> {
        sources::parse_http_url(url.trim())?;
        self.store.claim(claim)?;
        let fetched = fetch_for_citation(&self.fetcher, job, url).await;
        self.finish_job(job);
        let change = self.attach_fetched(claim, fetched?, stance, note)?;
        // The new snapshot's sentences are embedded once, in the background, and stored with it (evidence by
        // meaning then reads them); evidence computed before that job ends embeds what it needs live, as before.
        if let Some(s) = change.citations.first().and_then(|c| c.source.as_ref()) {
            self.embed_snapshot_in_background(s.snapshot, job.progress());
        }
        Ok(change)
    }

    /// The first half of [`Claimdesk::cite`] without a workspace: fetches `url` for a citation that
    /// [`Claimdesk::attach_fetched`] attaches later. The CLI cites this way so that the workspace lock is held only
    /// for the write, never through a fetch (which may take minutes with retries). Private addresses are fetched
    /// only with `allow_private` (the workspace's setting) or `CLAIMDESK_ALLOW_PRIVATE=1`.
    pub async fn fetch_source(
        url: &str,
        allow_private: bool,
        job: &Job,
    ) -> ApiResult<FetchedSource> {
        sources::parse_http_url(url.trim())?;
        let fetcher = super::stateless_fetcher(allow_private)?;
        fetch_for_citation(&fetcher, job, url).await
    }

    /// The second half of [`Claimdesk::cite`]: archives what [`Claimdesk::fetch_source`] fetched and attaches
    /// the citation, in one store action.
    pub fn attach_fetched(
        &self,
        claim: u64,
        fetched: FetchedSource,
        stance: CitationStance,
        note: Option<String>,
    ) -> ApiResult<CitationChange> {
        let c = self.store.claim(claim)?;
        let FetchedSource { shown, result } = fetched;
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
        // The snapshot, the link check and the citation are one store action (one transaction).
        let cited = self.store.cite(
            claim,
            store::NewCite {
                snapshot,
                check: Some(Self::check_value(&obs)?),
                citation: store::NewCitation {
                    url: shown,
                    stance,
                    snapshot: None,
                    passage,
                    note: note.unwrap_or_default(),
                },
            },
            &self.editor(),
        )?;
        let mut view = self.citation_view(&cited.citation)?;
        if view.fetch_error.is_none() {
            view.fetch_error = fetch_error;
        }
        self.citation_change(claim, vec![view])
    }

    /// Cites `url` for a claim with a file the editor saved (HTML, "Web page, complete" HTML, MHTML, PDF, text,
    /// .docx) as its archived copy: for pages a plain fetch cannot read (paywalls, logins, pages built by
    /// script). Nothing is fetched and no link check is recorded; the snapshot says it came from the editor's
    /// file. The URL must be http(s), like any citation's.
    pub fn cite_file(
        &self,
        claim: u64,
        url: &str,
        file: &std::path::Path,
        stance: CitationStance,
        note: Option<String>,
    ) -> ApiResult<CitationChange> {
        let url = url.trim();
        sources::parse_http_url(url)?;
        let c = self.store.claim(claim)?;
        let (bytes, ct, name) = super::read_source_file(file)?;
        let extracted = super::extract_source_file(&bytes, ct, &name)?;
        let snap = Self::new_snapshot_from_file(
            &sources::url_without_credentials(url),
            &name,
            bytes,
            ct,
            &extracted,
        );
        let passage = best_passage(&c.text, &snap.text);
        let cited = self.store.cite(
            claim,
            store::NewCite {
                snapshot: Some(snap),
                check: None,
                citation: store::NewCitation {
                    url: sources::url_without_credentials(url),
                    stance,
                    snapshot: None,
                    passage,
                    note: note.unwrap_or_default(),
                },
            },
            &self.editor(),
        )?;
        let view = self.citation_view(&cited.citation)?;
        self.citation_change(claim, vec![view])
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
                    page: super::page_of(&s.page_starts, p.start),
                    lang: None,
                    similarity: None,
                })
            }
            _ => None,
        };
        Ok(CitationView {
            id: c.id,
            claim: c.claim,
            url: c.url.clone(),
            stance: c.stance,
            note: c.note.clone(),
            added_by: c.added_by.clone(),
            added_at: rfc3339(c.added_at),
            source: snap.as_ref().map(summary_of),
            passage,
            health,
            fetch_error,
        })
    }

    /// Sets the cited passage of a citation to a range of its snapshot's text (UTF-16 offsets from the UI).
    pub fn set_citation_passage(
        &self,
        citation: u64,
        start: u32,
        end: u32,
    ) -> ApiResult<CitationChange> {
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
            &self.editor(),
        )?;
        let view = self.citation_view(&updated)?;
        self.citation_change(updated.claim, vec![view])
    }

    /// Changes a citation's stance.
    pub fn set_citation_stance(
        &self,
        citation: u64,
        stance: CitationStance,
    ) -> ApiResult<CitationChange> {
        let updated = self.store.update_citation(
            citation,
            store::CitationPatch {
                stance: Some(stance),
                ..Default::default()
            },
            &self.editor(),
        )?;
        let view = self.citation_view(&updated)?;
        self.citation_change(updated.claim, vec![view])
    }

    /// Removes a citation; the claim returns to unsourced when it was the last one.
    pub fn remove_citation(&self, citation: u64, reason: Option<String>) -> ApiResult<ClaimChange> {
        let c = self
            .store
            .remove_citation(citation, reason, &self.editor())?;
        self.claim_change(&c)
    }

    /// Reuses an earlier claim's citations for this claim (one action from claim memory): each citation is copied
    /// with its stance, snapshot and passage.
    pub fn reuse_citations(&self, from: u64, to: u64) -> ApiResult<CitationChange> {
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
                &self.editor(),
            )?;
            out.push(self.citation_view(&added)?);
        }
        self.citation_change(to, out)
    }
}
