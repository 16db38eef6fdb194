//! Reading published fact-checks: a ClaimReview JSON-LD file or feed, as fact-checkers publish it and as
//! `claimdesk report --format claimreview` writes it (docs/claimreview.md).
//!
//! Accepted shapes: one ClaimReview object, an array of them, an object with `@graph`, a schema.org `DataFeed`
//! whose `dataFeedElement` holds them (directly or as an item's `item`), and any nesting of these. Everything kept is
//! plain text: a `<script>` in `claimReviewed` is kept as the characters it is and shown with `textContent`.
//! Control characters are dropped and each field is capped, and a link is kept only when it is http(s), so nothing
//! in a file becomes markup or a `javascript:` link. A file that is not JSON, holds no ClaimReview, is larger than
//! [`MAX_FILE_BYTES`], nests deeper than serde_json's limit (128) or holds more than [`MAX_REVIEWS`] reviews is
//! refused whole with `bad_factcheck_file`.

use claimdesk_store::NewFactCheck;
use serde_json::Value;

use crate::{ApiError, ApiResult, ErrorCode};

/// The largest file read (a feed of 100,000 reviews is about 60 MB; a desk imports per publisher).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most reviews one file may hold.
pub const MAX_REVIEWS: usize = 100_000;
/// The longest claim kept, in characters (a claim is a sentence or two; past this it is not a claim).
const MAX_CLAIM_CHARS: usize = 2_000;
/// The longest other field kept, in characters.
const MAX_FIELD_CHARS: usize = 500;

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::BadFactcheckFile, message)
}

/// Reads the ClaimReview records of the file at `path`.
pub fn read_file(path: &std::path::Path) -> ApiResult<Vec<NewFactCheck>> {
    // A regular file only, never more than the cap whatever its length says; too large is this file's refusal.
    let bytes =
        crate::files::read_regular_file(path, MAX_FILE_BYTES, "ClaimReview file").map_err(|e| {
            if e.code == ErrorCode::TooLarge {
                bad(format!("{} (split the feed)", e.message))
            } else {
                e
            }
        })?;
    parse(&bytes)
}

/// Reads the ClaimReview records of a JSON-LD document.
pub fn parse(bytes: &[u8]) -> ApiResult<Vec<NewFactCheck>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad("the ClaimReview file is too large"));
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| bad(format!("not a ClaimReview JSON-LD file: {e}")))?;
    let mut out = Vec::new();
    let mut skipped = 0usize;
    collect(&value, &mut out, &mut skipped, 0)?;
    if out.is_empty() {
        return Err(bad(if skipped > 0 {
            format!("the file's {skipped} ClaimReview object(s) have no claimReviewed text")
        } else {
            "the file holds no ClaimReview (expected @type ClaimReview, alone, in an array, an @graph or a \
             DataFeed's dataFeedElement)"
                .to_string()
        }));
    }
    Ok(out)
}

fn is_type(v: &Value, name: &str) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => t == name || t.ends_with(&format!("/{name}")),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    }
}

/// Walks the containers the formats allow; serde_json already refused documents nested deeper than 128.
fn collect(
    v: &Value,
    out: &mut Vec<NewFactCheck>,
    skipped: &mut usize,
    depth: usize,
) -> ApiResult<()> {
    if depth > 16 {
        return Ok(());
    }
    match v {
        Value::Array(items) => {
            for item in items {
                collect(item, out, skipped, depth + 1)?;
            }
        }
        Value::Object(map) => {
            if is_type(v, "ClaimReview") {
                match review(v) {
                    Some(f) => {
                        if out.len() >= MAX_REVIEWS {
                            return Err(bad(format!(
                                "the file holds more than {MAX_REVIEWS} ClaimReviews; split it"
                            )));
                        }
                        out.push(f);
                    }
                    None => *skipped += 1,
                }
                return Ok(());
            }
            for key in ["@graph", "dataFeedElement", "item", "itemListElement"] {
                if let Some(inner) = map.get(key) {
                    collect(inner, out, skipped, depth + 1)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Plain text: control characters dropped, whitespace collapsed, at most `max` characters.
fn clean(s: &str, max: usize) -> Option<String> {
    let collapsed = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect::<String>();
    let words: Vec<&str> = collapsed.split(' ').filter(|w| !w.is_empty()).collect();
    let text: String = words.join(" ").chars().take(max).collect();
    (!text.is_empty()).then_some(text)
}

fn text_of(v: Option<&Value>, max: usize) -> Option<String> {
    match v? {
        Value::String(s) => clean(s, max),
        Value::Number(n) => Some(n.to_string()),
        // A list of names (several authors): the first that has one.
        Value::Array(items) => items.iter().find_map(|i| text_of(Some(i), max)),
        _ => None,
    }
}

fn name_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(o) => text_of(o.get("name"), MAX_FIELD_CHARS),
        Value::Array(items) => items.iter().find_map(|i| name_of(Some(i))),
        other => text_of(Some(other), MAX_FIELD_CHARS),
    }
}

fn http_url(v: Option<&Value>) -> Option<String> {
    let s = text_of(v, 2_000)?;
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(s)
}

fn review(v: &Value) -> Option<NewFactCheck> {
    let mut claim = text_of(v.get("claimReviewed"), MAX_CLAIM_CHARS);
    // Our own export cuts claimReviewed at 75 characters with "…" and keeps the whole claim in itemReviewed.text.
    let full = text_of(
        v.get("itemReviewed").and_then(|i| i.get("text")),
        MAX_CLAIM_CHARS,
    );
    if let (Some(c), Some(f)) = (&claim, &full) {
        if let Some(prefix) = c.strip_suffix('…') {
            if f.starts_with(prefix.trim_end()) {
                claim = Some(f.clone());
            }
        }
    }
    let claim_reviewed = claim.or(full)?;
    let rating = v.get("reviewRating");
    let author = v.get("author");
    let author_is_org = author.is_some_and(|a| is_type(a, "Organization"));
    let publisher =
        name_of(v.get("publisher")).or_else(|| author_is_org.then(|| name_of(author)).flatten());
    Some(NewFactCheck {
        claim_reviewed,
        rating: rating.and_then(|r| text_of(r.get("alternateName"), MAX_FIELD_CHARS)),
        rating_value: rating.and_then(|r| text_of(r.get("ratingValue"), MAX_FIELD_CHARS)),
        author: name_of(author),
        publisher,
        date_published: text_of(v.get("datePublished"), 64),
        url: http_url(v.get("url")).or_else(|| http_url(v.get("@id"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_container_shape_is_read() {
        let one = r#"{"@context":"https://schema.org","@type":"ClaimReview","claimReviewed":"The moon is cheese",
            "reviewRating":{"@type":"Rating","alternateName":"False","ratingValue":1},
            "author":{"@type":"Organization","name":"Snopes"},"datePublished":"2020-01-02",
            "url":"https://example.org/fc/1"}"#;
        let got = parse(one.as_bytes()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].claim_reviewed, "The moon is cheese");
        assert_eq!(got[0].rating.as_deref(), Some("False"));
        assert_eq!(got[0].rating_value.as_deref(), Some("1"));
        assert_eq!(got[0].publisher.as_deref(), Some("Snopes"));
        assert_eq!(got[0].url.as_deref(), Some("https://example.org/fc/1"));
        let array = format!("[{one},{one}]");
        assert_eq!(parse(array.as_bytes()).unwrap().len(), 2);
        let graph = format!(r#"{{"@graph":[{one}]}}"#);
        assert_eq!(parse(graph.as_bytes()).unwrap().len(), 1);
        let feed = format!(
            r#"{{"@type":"DataFeed","dataFeedElement":[{{"@type":"DataFeedItem","item":[{one}]}},{one}]}}"#
        );
        assert_eq!(parse(feed.as_bytes()).unwrap().len(), 2);
    }

    #[test]
    fn hostile_text_stays_text_and_bad_links_are_dropped() {
        let doc = r#"{"@type":"ClaimReview","claimReviewed":"<script>alert(1)</script>\u0007 x",
            "url":"javascript:alert(1)","publisher":{"name":"<b>Pub</b>"}}"#;
        let got = parse(doc.as_bytes()).unwrap();
        assert_eq!(got[0].claim_reviewed, "<script>alert(1)</script> x");
        assert_eq!(got[0].url, None);
        assert_eq!(got[0].publisher.as_deref(), Some("<b>Pub</b>"));
    }

    #[test]
    fn refusals_name_the_problem() {
        for (doc, needle) in [
            ("{not json", "not a ClaimReview"),
            (r#"{"@type":"Article"}"#, "holds no ClaimReview"),
            (
                r#"[{"@type":"ClaimReview","claimReviewed":"  "}]"#,
                "no claimReviewed",
            ),
        ] {
            let e = parse(doc.as_bytes()).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadFactcheckFile);
            assert!(e.message.contains(needle), "{}", e.message);
        }
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().code,
            ErrorCode::BadFactcheckFile
        );
    }

    #[test]
    fn our_own_export_round_trips_the_full_claim() {
        let doc = r#"[{"@type":"ClaimReview","claimReviewed":"Unemployment fell to 3.5% in May, the lowest…",
            "itemReviewed":{"@type":"Claim","text":"Unemployment fell to 3.5% in May, the lowest level in fifty years."}}]"#;
        let got = parse(doc.as_bytes()).unwrap();
        assert_eq!(
            got[0].claim_reviewed,
            "Unemployment fell to 3.5% in May, the lowest level in fifty years."
        );
    }
}
