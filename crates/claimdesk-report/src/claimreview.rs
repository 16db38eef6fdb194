//! schema.org ClaimReview JSON-LD, following Google's documented fields (see docs/claimreview.md for the status
//! mapping and why unsourced claims are exported as "Unverified" without a rating value).

use serde_json::{json, Map, Value};

use crate::anchor::claim_anchor;
use crate::error::ReportError;
use crate::model::{ReportInput, Status};

/// Google shows `claimReviewed` in search results and asks to keep it under 75 characters so it does not wrap on
/// a phone.
pub const CLAIM_REVIEWED_MAX_CHARS: usize = 75;

/// The rating scale every review uses: 1 (worst) to 5 (best).
const WORST: u8 = 1;
const BEST: u8 = 5;

/// The rating an exported status maps to: the label, and the value on the 1–5 scale when the status is a truth
/// rating at all.
pub fn rating_for(status: Status) -> (&'static str, Option<u8>) {
    match status {
        Status::Verified => ("Verified", Some(BEST)),
        Status::Disputed => ("Disputed", Some(WORST)),
        // Unsourced says nothing about truth, only that nobody has checked yet; a number would be a verdict.
        Status::Unsourced => ("Unverified", None),
    }
}

/// Shortens a claim to at most [`CLAIM_REVIEWED_MAX_CHARS`] characters, cutting at a word boundary and marking the
/// cut with an ellipsis. Whitespace runs (including newlines) become single spaces.
pub fn short_claim(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= CLAIM_REVIEWED_MAX_CHARS {
        return flat;
    }
    // Leave room for the ellipsis.
    let budget = CLAIM_REVIEWED_MAX_CHARS - 1;
    let cut: String = flat.chars().take(budget).collect();
    let trimmed = match cut.rfind(' ') {
        // Only back off to a space if that keeps most of the text; a single very long word is cut mid-word.
        Some(pos) if pos >= budget / 2 => &cut[..pos],
        _ => cut.as_str(),
    };
    format!("{}…", trimmed.trim_end_matches([',', ';', ':', ' ']))
}

/// The date part (YYYY-MM-DD) of an RFC 3339 timestamp, which is what `datePublished` carries.
fn date_part(ts: &str) -> Option<&str> {
    let d = ts.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then_some(d)
}

pub(crate) fn render(input: &ReportInput) -> Result<String, ReportError> {
    let base = input
        .publication
        .as_ref()
        .map(|p| p.review_url.trim())
        .filter(|u| !u.is_empty())
        .or_else(|| {
            input
                .document
                .url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
        })
        .ok_or(ReportError::MissingReviewUrl)?;
    // The review URL may only be the page plus an anchor, so drop any anchor the caller left on it.
    let base = base.split('#').next().unwrap_or(base);
    if !is_http_url(base) {
        return Err(ReportError::InvalidInput(format!(
            "the review URL must be an http:// or https:// address, not {base:?}"
        )));
    }

    let review_author = input
        .publication
        .as_ref()
        .filter(|p| !p.organization.trim().is_empty())
        .map(|p| {
            let mut org = Map::new();
            org.insert("@type".into(), json!("Organization"));
            org.insert("name".into(), json!(p.organization));
            if let Some(u) = p
                .organization_url
                .as_deref()
                .map(str::trim)
                .filter(|u| is_http_url(u))
            {
                org.insert("url".into(), json!(u));
            }
            Value::Object(org)
        });
    let claim_author = input
        .document
        .author
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .map(|a| json!({"@type": "Person", "name": a}));
    let appearance = {
        let mut work = Map::new();
        work.insert("@type".into(), json!("CreativeWork"));
        if let Some(u) = input
            .document
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| is_http_url(u))
        {
            work.insert("url".into(), json!(u));
        }
        if !input.document.title.trim().is_empty() {
            work.insert("headline".into(), json!(input.document.title));
        }
        Value::Object(work)
    };
    let date = date_part(&input.generated_at);

    let mut out = Vec::with_capacity(input.claims.len());
    // Orphaned claims are no longer in the draft, so they will not appear on the reviewed page.
    for claim in input.claims.iter().filter(|c| !c.orphan) {
        let url = format!("{base}#{}", claim_anchor(&claim.id));
        let (label, value) = rating_for(claim.status);
        let mut rating = Map::new();
        rating.insert("@type".into(), json!("Rating"));
        rating.insert("alternateName".into(), json!(label));
        if let Some(v) = value {
            rating.insert("ratingValue".into(), json!(v));
            rating.insert("bestRating".into(), json!(BEST));
            rating.insert("worstRating".into(), json!(WORST));
        }
        let mut item = Map::new();
        item.insert("@type".into(), json!("Claim"));
        if let Some(a) = &claim_author {
            item.insert("author".into(), a.clone());
        }
        item.insert("appearance".into(), appearance.clone());
        item.insert("text".into(), json!(claim.text));

        let mut review = Map::new();
        review.insert("@context".into(), json!("https://schema.org"));
        review.insert("@type".into(), json!("ClaimReview"));
        review.insert("@id".into(), json!(url));
        review.insert("url".into(), json!(url));
        review.insert("claimReviewed".into(), json!(short_claim(&claim.text)));
        review.insert("reviewRating".into(), Value::Object(rating));
        review.insert("itemReviewed".into(), Value::Object(item));
        if let Some(a) = &review_author {
            review.insert("author".into(), a.clone());
        }
        if let Some(d) = date {
            review.insert("datePublished".into(), json!(d));
        }
        if let Some(r) = claim
            .status_reason
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        {
            review.insert("reviewBody".into(), json!(r));
        }
        out.push(Value::Object(review));
    }
    Ok(json_for_html(serde_json::to_string_pretty(&Value::Array(
        out,
    ))?))
}

/// Whether `url` is an absolute http(s) URL with something after the scheme (no `javascript:`, `data:`, ...).
pub(crate) fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/') && !rest.chars().any(char::is_whitespace)
}

/// Makes serialised JSON safe to paste inside an HTML `<script>` element (ClaimReview goes into
/// `<script type="application/ld+json">`): `<`, `>`, `&`, U+2028 and U+2029 become `\u003c`, `\u003e`,
/// `\u0026`, `\u2028`, `\u2029`. Outside strings JSON never contains these characters, so the result is the
/// same JSON value, and `</script>` or `<!--` in a claim cannot end or change the script element.
pub fn json_for_html(json: String) -> String {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_claim_keeps_short_text_and_cuts_long_text_at_a_word() {
        assert_eq!(
            short_claim("  Unemployment fell\n to 3.9%. "),
            "Unemployment fell to 3.9%."
        );
        let long = "The city council approved a budget of 4.2 billion dollars on Tuesday, the largest in its history by far";
        let s = short_claim(long);
        assert!(s.chars().count() <= CLAIM_REVIEWED_MAX_CHARS, "{s}");
        assert!(s.ends_with('…'));
        assert!(long.starts_with(s.trim_end_matches('…')));
        let one_word = "x".repeat(200);
        assert_eq!(
            short_claim(&one_word).chars().count(),
            CLAIM_REVIEWED_MAX_CHARS
        );
    }

    #[test]
    fn date_part_accepts_only_dates() {
        assert_eq!(date_part("2026-11-25T10:00:00Z"), Some("2026-11-25"));
        assert_eq!(date_part("yesterday at noon"), None);
        assert_eq!(date_part("2026"), None);
    }
}
