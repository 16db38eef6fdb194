//! The words every crate shares: a claim's status, a citation's stance, a link's health, a source's metadata.
//!
//! Each enum serialises to the lowercase (snake_case) name its `as_str` gives; those strings are what the store
//! keeps, what the CLI prints and what the UI receives, so they never change.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A word that names none of a vocabulary's values ("verifed" for a status).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {got:?}; expected {expected}")]
pub struct ParseError {
    /// Which vocabulary ("status", "stance").
    pub what: &'static str,
    /// What was given.
    pub got: String,
    /// The accepted words, for the message.
    pub expected: &'static str,
}

/// A claim's verdict.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ClaimStatus"))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No verdict yet. Every new claim starts here.
    #[default]
    Unsourced,
    /// At least one citation supports the claim.
    Verified,
    /// A citation contradicts the claim, or the editor wrote why it is wrong.
    Disputed,
}

impl Status {
    /// All statuses, in the order the workbench lists them.
    pub const ALL: [Status; 3] = [Status::Unsourced, Status::Verified, Status::Disputed];

    /// The lowercase name used in JSON, on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unsourced => "unsourced",
            Status::Verified => "verified",
            Status::Disputed => "disputed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "unsourced" => Ok(Status::Unsourced),
            "verified" => Ok(Status::Verified),
            "disputed" => Ok(Status::Disputed),
            other => Err(ParseError {
                what: "status",
                got: other.to_string(),
                expected: "unsourced, verified or disputed",
            }),
        }
    }
}

/// How a citation bears on its claim, as the editor (or the citing command) set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CitationStance"))]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The source supports the claim.
    #[default]
    Supports,
    /// The source contradicts the claim.
    Contradicts,
    /// The source gives context only.
    Context,
}

impl Stance {
    /// The lowercase name used in JSON, on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::Context => "context",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stance {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "supports" | "support" => Ok(Stance::Supports),
            "contradicts" | "contradict" => Ok(Stance::Contradicts),
            "context" => Ok(Stance::Context),
            other => Err(ParseError {
                what: "stance",
                got: other.to_string(),
                expected: "supports, contradicts or context",
            }),
        }
    }
}

/// Whether a cited link still shows what was archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LinkHealth {
    /// Reachable, same place, same content (a 304 Not Modified included).
    Ok,
    /// Reachable, but the content differs from the archived snapshot.
    Changed,
    /// Now ends on another site, or on the site's front page.
    RedirectedElsewhere,
    /// 404/410 on repeated checks spaced apart.
    Gone,
    /// Could not be checked reliably (network error, server error, or a first 404).
    Failing,
    /// Never checked.
    #[default]
    Unchecked,
}

impl LinkHealth {
    /// The snake_case name used in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkHealth::Ok => "ok",
            LinkHealth::Changed => "changed",
            LinkHealth::RedirectedElsewhere => "redirected_elsewhere",
            LinkHealth::Gone => "gone",
            LinkHealth::Failing => "failing",
            LinkHealth::Unchecked => "unchecked",
        }
    }

    /// Whether the source no longer shows what was cited, so a reader cannot follow the link and see the same
    /// thing. `Failing` is not included: it is a transient state, reported separately.
    pub fn is_gone_or_changed(self) -> bool {
        matches!(
            self,
            LinkHealth::Changed | LinkHealth::RedirectedElsewhere | LinkHealth::Gone
        )
    }
}

impl fmt::Display for LinkHealth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a source says about itself, for its citation. Every field is optional: absent means the source did not
/// say.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceMetadata {
    /// The title (an article's headline).
    pub title: Option<String>,
    /// Author names, in the source's order, deduplicated.
    pub authors: Vec<String>,
    /// Publication date-time as the source writes it (usually ISO 8601).
    pub published: Option<String>,
    /// Last-modified date-time as the source writes it.
    pub modified: Option<String>,
    /// Publisher or site name.
    pub site_name: Option<String>,
    /// The canonical URL the source declares (resolved against its URL).
    pub canonical_url: Option<String>,
    /// Content language (a BCP 47 tag as written, e.g. `en`, `en-US`).
    pub language: Option<String>,
    /// A short description or standfirst.
    pub description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_from_str() {
        for s in Status::ALL {
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
        }
        for s in [Stance::Supports, Stance::Contradicts, Stance::Context] {
            assert_eq!(s.as_str().parse::<Stance>(), Ok(s));
        }
        assert_eq!(" Support ".parse::<Stance>(), Ok(Stance::Supports));
        let err = "verifed".parse::<Status>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown status \"verifed\"; expected unsourced, verified or disputed")
        );
        let h = serde_json::to_string(&LinkHealth::RedirectedElsewhere).unwrap_or_default();
        assert_eq!(h, "\"redirected_elsewhere\"");
    }
}

/// The kinds of record a team workspace holds: what the store tracks for sync and the sync protocol names
/// (`claimdesk-sync`), one definition for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A draft (title, versions).
    Document,
    /// One version's full text; key `doc/version`.
    Version,
    /// A tracked sentence.
    Claim,
    /// A link from a claim to a source.
    Citation,
    /// An archived fetch of a source (metadata; its body is a blob).
    Snapshot,
    /// One history entry. Append-only: never merged, never in conflict.
    Event,
}

impl RecordKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Document => "document",
            RecordKind::Version => "version",
            RecordKind::Claim => "claim",
            RecordKind::Citation => "citation",
            RecordKind::Snapshot => "snapshot",
            RecordKind::Event => "event",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Every kind, parents before children (a push sends them in this order).
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Document,
        RecordKind::Version,
        RecordKind::Claim,
        RecordKind::Citation,
        RecordKind::Snapshot,
        RecordKind::Event,
    ];
}

/// The highest desk number a team server hands out (see [`desk_id_floor`]).
pub const MAX_DESK: u32 = (1 << 20) - 1;

/// The smallest id a desk hands out after joining a team workspace as desk number `desk`: ids of different desks
/// never collide. Desk numbers stay below 2^20 so every id stays below 2^52 and survives JavaScript's numbers.
pub fn desk_id_floor(desk: u32) -> u64 {
    u64::from(desk.min(MAX_DESK)) << 32
}
