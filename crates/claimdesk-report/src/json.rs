//! The versioned JSON report. Its shape is described by `docs/report-schema.json`; change both together and bump
//! [`SCHEMA_VERSION`] when a field is removed or changes meaning (adding optional fields does not need a bump).

use serde::Serialize;

use crate::analysis::{Analysis, StatusCounts};
use crate::error::ReportError;
use crate::model::{
    CitationEntry, ClaimEntry, DocInfo, HistoryItem, LinkHealth, PassageInfo, Publication,
    QuoteCheck, QuoteInfo, ReportInput, Stance, Status,
};

/// The version of the JSON report's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    generator: &'a str,
    generated_at: &'a str,
    document: &'a DocInfo,
    publication: Option<&'a Publication>,
    summary: JsonSummary<'a>,
    independence: JsonIndependence<'a>,
    claims: Vec<JsonClaim<'a>>,
    sources: Vec<JsonSource<'a>>,
}

/// The summary with claims named by id (stable across reports) and sources by index into `sources`.
#[derive(Serialize)]
struct JsonSummary<'a> {
    counts: StatusCounts,
    unsourced: Vec<&'a str>,
    disputed: Vec<&'a str>,
    stale: Vec<&'a str>,
    orphaned: Vec<&'a str>,
    unnamed_source: Vec<&'a str>,
    opinion_unchecked: Vec<&'a str>,
    quotes_not_found: Vec<&'a str>,
    single_source_verified: Vec<&'a str>,
    sources_gone_or_changed: &'a [usize],
    sources_failing: &'a [usize],
    sources_unchecked: &'a [usize],
    citations: usize,
    citations_unarchived: usize,
    sources: usize,
    independent_sources: usize,
}

#[derive(Serialize)]
struct JsonIndependence<'a> {
    independent_sources: usize,
    groups: &'a [Vec<usize>],
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
    line: u32,
    status: Status,
    status_set_by: Option<&'a str>,
    status_set_at: Option<&'a str>,
    status_reason: Option<&'a str>,
    stale: bool,
    orphan: bool,
    checkworthy: bool,
    score: f64,
    kinds: &'a [String],
    unnamed_source: bool,
    opinion: bool,
    quotes: &'a [QuoteInfo],
    independent_support: usize,
    citations: Vec<JsonCitation<'a>>,
    history: &'a [HistoryItem],
}

#[derive(Serialize)]
struct JsonCitation<'a> {
    id: &'a str,
    url: &'a str,
    stance: Stance,
    note: &'a str,
    added_by: &'a str,
    added_at: &'a str,
    source: Option<usize>,
    passage: Option<&'a PassageInfo>,
    quote_checks: &'a [QuoteCheck],
}

#[derive(Serialize)]
struct JsonSource<'a> {
    index: usize,
    url: &'a str,
    final_url: Option<&'a str>,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    authors: &'a [String],
    published: Option<&'a str>,
    archived_at: Option<&'a str>,
    sha256: Option<&'a str>,
    link_health: LinkHealth,
    independence_group: usize,
    cited_by: Vec<&'a str>,
}

/// A score that JSON can carry: serde_json would write NaN as `null`, which the schema (rightly) rejects.
pub(crate) fn finite_score(x: f32) -> f64 {
    if x.is_finite() {
        // Through the shortest decimal form, so 0.7f32 becomes 0.7 and not 0.699999988079071.
        format!("{x}").parse::<f64>().unwrap_or(0.0)
    } else {
        0.0
    }
}

fn ids<'a>(claims: &'a [ClaimEntry], idx: &[usize]) -> Vec<&'a str> {
    idx.iter()
        .filter_map(|&i| claims.get(i))
        .map(|c| c.id.as_str())
        .collect()
}

fn citation(c: &CitationEntry) -> JsonCitation<'_> {
    JsonCitation {
        id: &c.id,
        url: &c.url,
        stance: c.stance,
        note: &c.note,
        added_by: &c.added_by,
        added_at: &c.added_at,
        source: c.source,
        passage: c.passage.as_ref(),
        quote_checks: &c.quote_checks,
    }
}

pub(crate) fn render(input: &ReportInput, a: &Analysis) -> Result<String, ReportError> {
    let s = &a.summary;
    let claims = &input.claims;
    let report = JsonReport {
        schema_version: SCHEMA_VERSION,
        generator: &input.generator,
        generated_at: &input.generated_at,
        document: &input.document,
        publication: input.publication.as_ref(),
        summary: JsonSummary {
            counts: s.counts,
            unsourced: ids(claims, &s.unsourced),
            disputed: ids(claims, &s.disputed),
            stale: ids(claims, &s.stale),
            orphaned: ids(claims, &s.orphaned),
            unnamed_source: ids(claims, &s.unnamed_source),
            opinion_unchecked: ids(claims, &s.opinion_unchecked),
            quotes_not_found: ids(claims, &s.quotes_not_found),
            single_source_verified: ids(claims, &s.single_source_verified),
            sources_gone_or_changed: &s.sources_gone_or_changed,
            sources_failing: &s.sources_failing,
            sources_unchecked: &s.sources_unchecked,
            citations: s.citations,
            citations_unarchived: s.citations_unarchived,
            sources: s.sources,
            independent_sources: s.independent_sources,
        },
        independence: JsonIndependence {
            independent_sources: a.groups.len(),
            groups: &a.groups,
        },
        claims: claims
            .iter()
            .enumerate()
            .map(|(i, c)| JsonClaim {
                id: &c.id,
                text: &c.text,
                start: c.start,
                end: c.end,
                line: c.line,
                status: c.status,
                status_set_by: c.status_set_by.as_deref(),
                status_set_at: c.status_set_at.as_deref(),
                status_reason: c.status_reason.as_deref(),
                stale: c.stale,
                orphan: c.orphan,
                checkworthy: c.checkworthy,
                score: finite_score(c.score),
                kinds: &c.kinds,
                unnamed_source: c.unnamed_source,
                opinion: c.opinion,
                quotes: &c.quotes,
                independent_support: a.independent_support.get(i).copied().unwrap_or(0),
                citations: c.citations.iter().map(citation).collect(),
                history: &c.history,
            })
            .collect(),
        sources: input
            .sources
            .iter()
            .enumerate()
            .map(|(i, src)| JsonSource {
                index: i,
                url: &src.url,
                final_url: src.final_url.as_deref(),
                title: src.title.as_deref(),
                publisher: src.publisher.as_deref(),
                authors: &src.authors,
                published: src.published.as_deref(),
                archived_at: src.archived_at.as_deref(),
                sha256: src.sha256.as_deref(),
                link_health: src.link_health,
                independence_group: a.group_of.get(i).copied().unwrap_or(i),
                cited_by: a
                    .cited_by
                    .get(i)
                    .map(|v| ids(claims, v))
                    .unwrap_or_default(),
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&report)?)
}
