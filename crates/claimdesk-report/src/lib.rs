//! Claimdesk verification reports: what the editor hands on to the desk, the lawyer or the reader.
//!
//! The facade fills a [`ReportInput`] from the store and the sources crate; [`render`] turns it into one of five
//! formats ([`Format`]): a self-contained printable HTML file, GitHub-flavoured Markdown, versioned JSON (described
//! by `docs/report-schema.json`), RFC 4180 CSV, and schema.org ClaimReview JSON-LD. [`write_bundle`] packs the HTML
//! and JSON reports with the sources' WARC and a `SHA256SUMS` manifest into a zip; [`verify_bundle`] checks one.
//!
//! Every format carries the same summary (see [`summarize`]): counts by status with unsourced claims first, stale
//! and orphaned claims, claims on unnamed sources, unchecked opinion sentences, quotations not found, and sources
//! gone or changed since they were cited. Sources that are copies of the same wire story are grouped by
//! [`independence_groups`] and counted once.
//!
//! ```
//! use claimdesk_report::{render, Format, ReportInput, ClaimEntry, Status};
//! let input = ReportInput {
//!     generated_at: "2026-11-25T09:00:00Z".into(),
//!     generator: "claimdesk 0.1.0".into(),
//!     claims: vec![ClaimEntry { id: "c1".into(), text: "Unemployment fell to 3.9%.".into(), line: 4,
//!                               status: Status::Unsourced, ..Default::default() }],
//!     ..Default::default()
//! };
//! let md = render(&input, Format::Markdown).unwrap();
//! assert!(md.contains("Unemployment fell to 3.9%."));
//! ```
#![deny(missing_docs)]

mod analysis;
mod anchor;
mod bundle;
mod claimreview;
mod csv;
mod error;
mod html;
mod independence;
mod json;
mod markdown;
mod model;

pub use analysis::{StatusCounts, Summary};
pub use anchor::claim_anchor;
pub use bundle::{
    sha256_hex, verify_bundle, verify_bundle_bytes, verify_bundle_file, write_bundle, BundleCheck,
    FileCheck, FileState, MANIFEST, REPORT_HTML, REPORT_JSON, SOURCES_WARC,
};
pub use claimreview::{json_for_html, rating_for, short_claim, CLAIM_REVIEWED_MAX_CHARS};
pub use csv::COLUMNS as CSV_COLUMNS;
pub use error::ReportError;
pub use independence::independence_groups;
pub use json::SCHEMA_VERSION;
pub use model::{
    CitationEntry, ClaimEntry, DocInfo, Format, HistoryItem, LinkHealth, PassageInfo, Publication,
    QuoteCheck, QuoteInfo, QuoteMatch, ReportInput, SourceInfo, Stance, Status,
};

/// Renders a report in one format.
///
/// Fails with `invalid_input` when a citation points at a source index that does not exist, and, for ClaimReview
/// only, with `missing_review_url` when neither `publication.review_url` nor `document.url` is set. To render
/// several formats of one input, [`Report`] computes the summary and independence groups once.
pub fn render(input: &ReportInput, format: Format) -> Result<String, ReportError> {
    if format == Format::ClaimReview {
        // ClaimReview needs no summary or grouping; skip the analysis.
        analysis::validate(input)?;
        return claimreview::render(input);
    }
    Report::new(input)?.render(format)
}

/// The summary every format shows, for the UI's export dialog (counts and lists of claim indices).
pub fn summarize(input: &ReportInput) -> Result<Summary, ReportError> {
    Ok(analysis::analyse(input)?.summary)
}

/// An input with its summary and independence groups computed, ready to render in any number of formats (the
/// export dialog's preview, or a bundle's HTML and JSON) without grouping the sources again.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    input: &'a ReportInput,
    analysis: analysis::Analysis,
}

impl<'a> Report<'a> {
    /// Validates the input and computes the summary and groups.
    pub fn new(input: &'a ReportInput) -> Result<Self, ReportError> {
        Ok(Report {
            input,
            analysis: analysis::analyse(input)?,
        })
    }

    /// Renders one format.
    pub fn render(&self, format: Format) -> Result<String, ReportError> {
        let (input, a) = (self.input, &self.analysis);
        match format {
            Format::Html => Ok(html::render(input, a)),
            Format::Markdown => Ok(markdown::render(input, a)),
            Format::Json => json::render(input, a),
            Format::Csv => Ok(csv::render(input, a)),
            Format::ClaimReview => claimreview::render(input),
        }
    }

    /// The summary.
    pub fn summary(&self) -> &Summary {
        &self.analysis.summary
    }

    /// The independence groups (see [`independence_groups`]).
    pub fn groups(&self) -> &[Vec<usize>] {
        &self.analysis.groups
    }
}
