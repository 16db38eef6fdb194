//! Sentence spans in a document text: char-boundary helpers, the anchors (exact text plus context) stored with
//! each claim, and validation of the claims a caller hands in.
//!
//! Shared by document creation, revision and re-anchoring, which all turn sentence offsets into anchors.

use claimdesk_core::text::sentence_text;

use super::CONTEXT_MAX_BYTES;
use crate::error::{Result, StoreError};
use crate::model::*;

/// The largest index `<= i` that is a char boundary of `s`.
pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest index `>= i` that is a char boundary of `s`.
pub(crate) fn ceil_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Builds the anchors for sentences of `text`: each prefix reaches back to the previous sentence's start, each
/// suffix forward to the next sentence's end, both capped at [`CONTEXT_MAX_BYTES`].
pub(crate) fn anchors(text: &str, version: u32, spans: &[(usize, usize)]) -> Vec<Anchor> {
    spans
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| {
            let from = if i == 0 { 0 } else { spans[i - 1].0.min(start) };
            let to = spans.get(i + 1).map_or(text.len(), |n| n.1.max(end));
            let from = ceil_boundary(text, from.max(start.saturating_sub(CONTEXT_MAX_BYTES)));
            let to = floor_boundary(text, to.min(end + CONTEXT_MAX_BYTES));
            Anchor {
                version,
                exact: text.get(start..end).unwrap_or_default().to_string(),
                prefix: text.get(from..start).unwrap_or_default().to_string(),
                suffix: text.get(end..to).unwrap_or_default().to_string(),
                start,
                end,
            }
        })
        .collect()
}

/// Checks sentences against their text (each claim's text must be its span, exactly or as [`sentence_text`]
/// normalises it) and returns them sorted by position, with their text normalised.
pub(crate) fn validate_claims(text: &str, claims: &[NewClaim]) -> Result<Vec<NewClaim>> {
    let mut sorted = claims.to_vec();
    sorted.sort_by_key(|c| (c.start, c.end));
    for c in &mut sorted {
        match text.get(c.start..c.end) {
            // The claim's text is the span's normalised text (the segmenter's `Sentence::text`); the exact slice
            // is accepted too and stored normalised, so every stored claim text has the one form.
            Some(slice) if slice == c.text || sentence_text(slice) == c.text => {
                c.text = sentence_text(slice);
            }
            Some(_) => {
                return Err(StoreError::invalid(format!(
                    "claim text {:?} does not equal the document text at {}..{}",
                    c.text, c.start, c.end
                )))
            }
            None => {
                return Err(StoreError::invalid(format!(
                    "claim offsets {}..{} are outside the text or not on character boundaries",
                    c.start, c.end
                )))
            }
        }
    }
    Ok(sorted)
}
