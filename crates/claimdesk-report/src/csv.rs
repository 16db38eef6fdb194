//! CSV, one row per claim × citation (a claim without citations gets one row with empty citation columns),
//! quoted per RFC 4180: CRLF line ends, every field in double quotes, inner quotes doubled.
//!
//! Two choices are made for spreadsheets rather than for the RFC:
//! - The file starts with a UTF-8 byte-order mark, which is how Excel recognises UTF-8; without it every accented
//!   name is garbled.
//! - A free-text cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe, so that a hostile
//!   claim or note cannot run as a spreadsheet formula (OWASP's "CSV injection" advice). Numbers, ids, URLs and
//!   hashes are never prefixed.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::json::finite_score;
use crate::model::{CitationEntry, ClaimEntry, QuoteMatch, ReportInput};

/// The header row.
pub const COLUMNS: [&str; 31] = [
    "claim_id",
    "line",
    "start",
    "end",
    "status",
    "status_set_by",
    "status_set_at",
    "status_reason",
    "stale",
    "orphan",
    "unnamed_source",
    "opinion",
    "checkworthy",
    "score",
    "claim_text",
    "independent_support",
    "citation_id",
    "url",
    "stance",
    "note",
    "added_by",
    "added_at",
    "source_title",
    "source_publisher",
    "source_authors",
    "source_published",
    "archived_at",
    "sha256",
    "link_health",
    "independence_group",
    "quote_checks",
];

/// Index of `citation_id`, the first citation column.
const CITATION_FIRST_COLUMN: usize = 16;

/// Free text may be a formula in disguise.
fn text(out: &mut String, s: &str) {
    let risky = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    out.push('"');
    if risky {
        out.push('\'');
    }
    plain_inner(out, s);
    out.push('"');
}

/// Machine values (ids, numbers, URLs, hashes) are written as they are, only quoted.
fn plain(out: &mut String, s: &str) {
    out.push('"');
    plain_inner(out, s);
    out.push('"');
}

fn plain_inner(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'"' {
            out.push_str(&s[last..=i]);
            out.push('"');
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

fn row(
    out: &mut String,
    input: &ReportInput,
    a: &Analysis,
    i: usize,
    c: &ClaimEntry,
    cit: Option<&CitationEntry>,
) {
    plain(out, &c.id);
    let _ = write!(
        out,
        ",\"{}\",\"{}\",\"{}\",\"{}\",",
        c.line,
        c.start,
        c.end,
        c.status.as_str()
    );
    text(out, c.status_set_by.as_deref().unwrap_or(""));
    out.push(',');
    plain(out, c.status_set_at.as_deref().unwrap_or(""));
    out.push(',');
    text(out, c.status_reason.as_deref().unwrap_or(""));
    let _ = write!(
        out,
        ",\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",",
        bool_str(c.stale),
        bool_str(c.orphan),
        bool_str(c.unnamed_source),
        bool_str(c.opinion),
        bool_str(c.checkworthy),
        finite_score(c.score)
    );
    text(out, &c.text);
    let _ = write!(
        out,
        ",\"{}\",",
        a.independent_support.get(i).copied().unwrap_or(0)
    );
    match cit {
        None => {
            // Empty citation columns, so every row has the same number of fields.
            for k in CITATION_FIRST_COLUMN..COLUMNS.len() {
                if k > CITATION_FIRST_COLUMN {
                    out.push(',');
                }
                out.push_str("\"\"");
            }
        }
        Some(cit) => {
            plain(out, &cit.id);
            out.push(',');
            plain(out, &cit.url);
            let _ = write!(out, ",\"{}\",", cit.stance.as_str());
            text(out, &cit.note);
            out.push(',');
            text(out, &cit.added_by);
            out.push(',');
            plain(out, &cit.added_at);
            let src = cit.source.and_then(|s| input.sources.get(s));
            out.push(',');
            text(out, src.and_then(|s| s.title.as_deref()).unwrap_or(""));
            out.push(',');
            text(out, src.and_then(|s| s.publisher.as_deref()).unwrap_or(""));
            out.push(',');
            text(out, &src.map(|s| s.authors.join("; ")).unwrap_or_default());
            out.push(',');
            plain(out, src.and_then(|s| s.published.as_deref()).unwrap_or(""));
            out.push(',');
            plain(
                out,
                src.and_then(|s| s.archived_at.as_deref()).unwrap_or(""),
            );
            out.push(',');
            plain(out, src.and_then(|s| s.sha256.as_deref()).unwrap_or(""));
            out.push(',');
            plain(out, src.map(|s| s.link_health.as_str()).unwrap_or(""));
            out.push(',');
            match cit.source.and_then(|s| a.group_of.get(s)) {
                Some(g) => {
                    let _ = write!(out, "\"{}\"", g + 1);
                }
                None => out.push_str("\"\""),
            }
            out.push(',');
            let checks: Vec<String> = cit
                .quote_checks
                .iter()
                .map(|q| match (q.matched, q.distance) {
                    (QuoteMatch::Fuzzy, Some(d)) => format!("fuzzy({d}): {}", q.quote),
                    (m, _) => format!("{}: {}", m.as_str(), q.quote),
                })
                .collect();
            text(out, &checks.join(" | "));
        }
    }
    out.push_str("\r\n");
}

pub(crate) fn render(input: &ReportInput, a: &Analysis) -> String {
    let mut out = String::with_capacity(1024 + input.claims.len() * 640);
    out.push('\u{feff}');
    for (k, col) in COLUMNS.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        plain(&mut out, col);
    }
    out.push_str("\r\n");
    for (i, c) in input.claims.iter().enumerate() {
        if c.citations.is_empty() {
            row(&mut out, input, a, i, c, None);
        }
        for cit in &c.citations {
            row(&mut out, input, a, i, c, Some(cit));
        }
    }
    out
}
