//! The crate's one error type.

use thiserror::Error;

/// Why a report or bundle could not be produced or read.
#[derive(Debug, Error)]
pub enum ReportError {
    /// The format name is not one of html, md, json, csv, claimreview.
    #[error("unknown report format {0:?}; expected html, md, json, csv or claimreview")]
    UnknownFormat(String),
    /// The input contradicts itself (e.g. a citation points at a source that is not there).
    #[error("invalid report input: {0}")]
    InvalidInput(String),
    /// ClaimReview needs the URL of the page that will host the review, and neither the publication nor the
    /// document gave one.
    #[error(
        "a ClaimReview export needs the review page's URL (publication.review_url or document.url)"
    )]
    MissingReviewUrl,
    /// Serialising JSON failed.
    #[error("JSON serialisation failed: {0}")]
    Json(#[from] serde_json::Error),
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The bundle is not a readable zip archive, or writing the archive failed.
    #[error("zip archive error: {0}")]
    Zip(#[from] zip::result::ZipError),
}

impl ReportError {
    /// A stable machine-readable code; the UI switches on it, never on the message.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::UnknownFormat(_) => "unknown_format",
            ReportError::InvalidInput(_) => "invalid_input",
            ReportError::MissingReviewUrl => "missing_review_url",
            ReportError::Json(_) => "json",
            ReportError::Io(_) => "io",
            ReportError::Zip(_) => "bundle_zip",
        }
    }
}
