//! The report's input model.
//!
//! This crate depends on no other Claimdesk crate on purpose: the facade (claimdesk-api) fills these plain types
//! from the store and the sources crate, so the report can be rendered, tested and benchmarked on its own, and the
//! wire format of the JSON report does not move when the store's internals do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ReportError;

/// Everything a report is rendered from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportInput {
    /// The draft the claims come from.
    pub document: DocInfo,
    /// When the report was generated, RFC 3339 (the facade supplies it so that output is reproducible).
    pub generated_at: String,
    /// The program that generated it, e.g. `claimdesk 0.1.0`.
    pub generator: String,
    /// Who publishes the review; used by the ClaimReview export. Optional for every other format.
    #[serde(default)]
    pub publication: Option<Publication>,
    /// The claims, in draft order.
    pub claims: Vec<ClaimEntry>,
    /// The sources cited; citations refer to them by index.
    pub sources: Vec<SourceInfo>,
}

/// The draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocInfo {
    /// The document's id in the store.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The file it was imported from.
    pub file_name: String,
    /// The draft version the report describes (1 for the first import).
    pub version: u32,
    /// SHA-256 of the draft text, lowercase hex.
    pub text_sha256: String,
    /// When this version was imported, RFC 3339.
    pub imported_at: String,
    /// Who wrote the draft, if known; the ClaimReview export names them as the claims' author.
    #[serde(default)]
    pub author: Option<String>,
    /// Where the draft is (or will be) published, if known; the ClaimReview export uses it as the appearance.
    #[serde(default)]
    pub url: Option<String>,
}

/// Who publishes the review (the fact-checking desk).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Publication {
    /// The page that will host the review; each claim gets `#claim-<id>` appended.
    pub review_url: String,
    /// The reviewing organisation's name.
    pub organization: String,
    /// The reviewing organisation's home page.
    #[serde(default)]
    pub organization_url: Option<String>,
}

pub use claimdesk_core::{LinkHealth, Stance, Status};

/// One claim.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClaimEntry {
    /// The claim's id in the store; used for anchors and ClaimReview `@id`s.
    pub id: String,
    /// The claim's sentence.
    pub text: String,
    /// Byte offset of its first byte in the draft.
    pub start: usize,
    /// Byte offset one past its last byte in the draft.
    pub end: usize,
    /// 1-based line of the draft it starts on.
    pub line: u32,
    /// Its verdict.
    pub status: Status,
    /// Who set the verdict (an editor, or a rule name).
    #[serde(default)]
    pub status_set_by: Option<String>,
    /// When the verdict was set, RFC 3339.
    #[serde(default)]
    pub status_set_at: Option<String>,
    /// Why.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// The draft's text changed under the claim since its verdict was set.
    #[serde(default)]
    pub stale: bool,
    /// A later draft no longer contains the claim.
    #[serde(default)]
    pub orphan: bool,
    /// Claim detection or the editor marked it as worth checking.
    #[serde(default)]
    pub checkworthy: bool,
    /// Check-worthiness score in 0..=1.
    #[serde(default)]
    pub score: f32,
    /// The kinds of claim detection found (numeric, quote, causal, ...).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// The claim rests on an unnamed source ("officials said").
    #[serde(default)]
    pub unnamed_source: bool,
    /// The sentence reads as opinion rather than fact.
    #[serde(default)]
    pub opinion: bool,
    /// Quotations inside the claim.
    #[serde(default)]
    pub quotes: Vec<QuoteInfo>,
    /// The claim's citations.
    #[serde(default)]
    pub citations: Vec<CitationEntry>,
    /// The claim's history, oldest first.
    #[serde(default)]
    pub history: Vec<HistoryItem>,
}

/// A quotation inside a claim.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuoteInfo {
    /// The quoted words.
    pub text: String,
    /// Who said them, if named.
    #[serde(default)]
    pub speaker: Option<String>,
}

/// One citation of a claim.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CitationEntry {
    /// The citation's id in the store.
    pub id: String,
    /// The URL as the editor gave it.
    pub url: String,
    /// How the source bears on the claim.
    pub stance: Stance,
    /// The editor's note.
    #[serde(default)]
    pub note: String,
    /// Who added it.
    #[serde(default)]
    pub added_by: String,
    /// When, RFC 3339.
    #[serde(default)]
    pub added_at: String,
    /// Index into [`ReportInput::sources`] once the source was archived.
    #[serde(default)]
    pub source: Option<usize>,
    /// The cited passage.
    #[serde(default)]
    pub passage: Option<PassageInfo>,
    /// Quote checks of the claim's quotations against the source.
    #[serde(default)]
    pub quote_checks: Vec<QuoteCheck>,
}

/// The cited part of a source's text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PassageInfo {
    /// The cited text.
    pub text: String,
    /// Byte offset in the snapshot's text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The 1-based page the passage starts on, for a paged source (PDF).
    #[serde(default)]
    pub page: Option<u32>,
}

/// How a quotation was found in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteMatch {
    /// Word for word.
    Exact,
    /// With small differences (see the distance).
    Fuzzy,
    /// Not in the source.
    #[default]
    NotFound,
}

impl QuoteMatch {
    /// The snake_case name used in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteMatch::Exact => "exact",
            QuoteMatch::Fuzzy => "fuzzy",
            QuoteMatch::NotFound => "not_found",
        }
    }
}

/// The result of checking one quotation against one source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuoteCheck {
    /// The quotation as the draft has it.
    pub quote: String,
    /// How it was found.
    #[serde(rename = "match")]
    pub matched: QuoteMatch,
    /// Edit distance of the best match (0 for exact).
    #[serde(default)]
    pub distance: Option<u32>,
    /// The source's wording, when found.
    #[serde(default)]
    pub source_text: Option<String>,
}

/// One entry of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HistoryItem {
    /// When, RFC 3339.
    pub at: String,
    /// Who (an editor, or a rule).
    pub editor: String,
    /// What happened, e.g. `status_changed`.
    pub action: String,
    /// The value before, rendered as text.
    #[serde(default)]
    pub old: Option<String>,
    /// The value after, rendered as text.
    #[serde(default)]
    pub new: Option<String>,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One archived source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The URL asked for.
    pub url: String,
    /// Where it ended after redirects.
    #[serde(default)]
    pub final_url: Option<String>,
    /// The page title.
    #[serde(default)]
    pub title: Option<String>,
    /// The publisher or site name.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Authors, as the page names them.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Publication date, as the page states it.
    #[serde(default)]
    pub published: Option<String>,
    /// When the snapshot was archived, RFC 3339.
    #[serde(default)]
    pub archived_at: Option<String>,
    /// SHA-256 of the archived body, lowercase hex.
    #[serde(default)]
    pub sha256: Option<String>,
    /// Whether the link still shows what was archived.
    #[serde(default)]
    pub link_health: LinkHealth,
    /// The extracted article text; only used to find copies of the same story, never printed.
    #[serde(default)]
    pub text: Option<String>,
    /// When the archived copy is a file the editor saved (not a fetch): the file's name.
    #[serde(default)]
    pub editor_file: Option<String>,
}

impl SourceInfo {
    /// The "Archived" line of a report: the time, and where the copy came from when it is the editor's file.
    pub fn archived_line(&self) -> String {
        let at = self.archived_at.as_deref().unwrap_or("not archived");
        match &self.editor_file {
            Some(f) => format!("{at}, from the editor's saved file {f} (not fetched)"),
            None => at.to_string(),
        }
    }
}

impl SourceInfo {
    /// What a report calls the source: its title, else its publisher, else its URL.
    pub fn display_name(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .or(self.publisher.as_deref().filter(|p| !p.trim().is_empty()))
            .unwrap_or(&self.url)
    }
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One self-contained HTML file.
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// Versioned JSON, described by docs/report-schema.json.
    Json,
    /// RFC 4180 CSV, one row per claim × citation.
    Csv,
    /// schema.org ClaimReview JSON-LD.
    ClaimReview,
}

impl Format {
    /// Every format, in the order the export dialog lists them.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Markdown,
        Format::Json,
        Format::Csv,
        Format::ClaimReview,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::ClaimReview => "claimreview",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::ClaimReview => "jsonld",
        }
    }

    /// The MIME type, for the UI's save dialog and preview.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::ClaimReview => "application/ld+json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Ok(Format::Html),
            "md" | "markdown" | "gfm" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "claimreview" | "jsonld" | "json-ld" => Ok(Format::ClaimReview),
            _ => Err(ReportError::UnknownFormat(s.to_string())),
        }
    }
}
