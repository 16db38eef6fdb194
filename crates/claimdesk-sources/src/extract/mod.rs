//! Turning a fetched body into readable text and citation metadata.

mod html;
pub mod metadata;
mod mhtml;
mod pdf;

use serde::{Deserialize, Serialize};

use crate::charset::decode_text;
pub use html::cap_nesting;
pub use metadata::Metadata;
pub use pdf::{Page, PdfFacts, PdfLimits, ProblemKind, ReadProblem, MAX_PAGES};

/// What kind of content a body is, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// HTML or XHTML: main text and metadata are extracted.
    Html,
    /// PDF: page text and document-information metadata.
    Pdf,
    /// Plain text, kept as it is.
    Text,
    /// JSON, kept as it is.
    Json,
    /// Anything else (images, archives, ...): the bytes are kept, there is no readable text.
    Other,
}

/// Text and metadata read from a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    /// The readable text; `None` means "no readable text" (an image, an empty page, an unreadable PDF).
    pub text: Option<String>,
    /// How the body was read.
    pub kind: ContentKind,
    /// Citation metadata (empty for kinds that carry none).
    pub metadata: Metadata,
    /// The character encoding used to decode a text body (`None` for binary kinds).
    pub encoding: Option<String>,
    /// A paged source's pages (PDF): each page's span in `text`. Empty for unpaged kinds.
    #[serde(default)]
    pub pages: Vec<Page>,
    /// Why there is no text, when reading failed (encrypted, damaged, empty, no text layer, limits).
    #[serde(default)]
    pub problem: Option<ReadProblem>,
    /// Page count, producer and encryption of a PDF.
    #[serde(default)]
    pub pdf: Option<PdfFacts>,
}

impl Extracted {
    /// The text of each page with its number (nothing for unpaged kinds).
    pub fn page_texts(&self) -> Vec<(u32, &str)> {
        let text = self.text.as_deref().unwrap_or("");
        self.pages
            .iter()
            .map(|p| (p.number, text.get(p.start..p.end).unwrap_or("")))
            .collect()
    }

    /// The page holding byte offset `at` of `text` (`None` for unpaged kinds).
    pub fn page_at(&self, at: usize) -> Option<u32> {
        page_at(&self.pages, at)
    }
}

/// The page holding byte offset `at`, given pages in order: the last page starting at or before it.
pub fn page_at(pages: &[Page], at: usize) -> Option<u32> {
    let i = pages.partition_point(|p| p.start <= at);
    pages.get(i.checked_sub(1)?).map(|p| p.number)
}

/// Reads a body: decides its kind from the Content-Type (sniffing the bytes when the type is missing or generic)
/// and extracts text and metadata. Never fails: unreadable input gives `text: None`.
pub fn extract(content_type: Option<&str>, url: &str, body: &[u8]) -> Extracted {
    let (mime, charset) = parse_content_type(content_type);
    let head = String::from_utf8_lossy(body.get(..body.len().min(2048)).unwrap_or(body));
    if matches!(
        mime.as_str(),
        "multipart/related" | "message/rfc822" | "application/x-mimearchive"
    ) || mhtml::looks_like_mhtml(head.trim_start())
    {
        // A saved page in one file (MHTML): its HTML part, read as a page.
        if let Some((html, part_charset)) = mhtml::html_part(body) {
            let (text, enc) = decode_text(&html, part_charset.as_deref(), true);
            let (main, metadata) = extract_html(&text, url);
            return Extracted {
                text: main,
                kind: ContentKind::Html,
                metadata,
                encoding: Some(enc.to_string()),
                pages: Vec::new(),
                problem: None,
                pdf: None,
            };
        }
    }
    let kind = kind_of(&mime, body);
    match kind {
        ContentKind::Html => {
            let (text, enc) = decode_text(body, charset.as_deref(), true);
            let (main, metadata) = extract_html(&text, url);
            Extracted {
                text: main,
                kind,
                metadata,
                encoding: Some(enc.to_string()),
                pages: Vec::new(),
                problem: None,
                pdf: None,
            }
        }
        ContentKind::Pdf => extract_pdf(body, PdfLimits::default()),
        ContentKind::Text | ContentKind::Json => {
            let (text, enc) = decode_text(body, charset.as_deref(), false);
            Extracted {
                text: Some(text).filter(|t| !t.trim().is_empty()),
                kind,
                metadata: Metadata::default(),
                encoding: Some(enc.to_string()),
                pages: Vec::new(),
                problem: None,
                pdf: None,
            }
        }
        ContentKind::Other => Extracted {
            text: None,
            kind,
            metadata: Metadata::default(),
            encoding: None,
            pages: Vec::new(),
            problem: None,
            pdf: None,
        },
    }
}

/// Reads a PDF under explicit limits (time, memory, pages); [`extract`] reads one under the defaults.
pub fn extract_pdf(body: &[u8], limits: PdfLimits) -> Extracted {
    let read = pdf::extract_pdf(body, limits);
    Extracted {
        text: read.text,
        kind: ContentKind::Pdf,
        metadata: read.metadata,
        encoding: None,
        pages: read.pages,
        problem: read.problem,
        pdf: read.facts,
    }
}

/// Main text and metadata of an HTML document given as text. Exposed for evaluation tools that read pages from
/// disk; [`extract`] is the entry point for fetched bodies.
pub fn extract_html(html_text: &str, url: &str) -> (Option<String>, Metadata) {
    // Parsing is quadratic in nesting depth; the cap keeps a hostile page linear (see `html::cap_nesting`).
    let doc = scraper::Html::parse_document(&html::cap_nesting(html_text));
    let metadata = metadata::extract_metadata(&doc, url);
    (html::main_text(&doc), metadata)
}

fn parse_content_type(ct: Option<&str>) -> (String, Option<String>) {
    let Some(ct) = ct else {
        return (String::new(), None);
    };
    let mut parts = ct.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
    });
    (mime, charset)
}

fn kind_of(mime: &str, body: &[u8]) -> ContentKind {
    match mime {
        "text/html" | "application/xhtml+xml" => return ContentKind::Html,
        "application/pdf" | "application/x-pdf" => return ContentKind::Pdf,
        "application/json" | "application/ld+json" => return ContentKind::Json,
        m if m.ends_with("+json") => return ContentKind::Json,
        m if m.starts_with("image/")
            || m.starts_with("audio/")
            || m.starts_with("video/")
            || m.starts_with("font/") =>
        {
            return ContentKind::Other
        }
        "text/plain" | "text/markdown" | "text/csv" => return ContentKind::Text,
        _ => {}
    }
    // Missing, generic (application/octet-stream) or unusual types: sniff, like browsers do.
    let head = body.get(..body.len().min(1024)).unwrap_or(body);
    if head.starts_with(b"%PDF-") {
        return ContentKind::Pdf;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let lower_text = String::from_utf8_lossy(&lower);
    let trimmed = lower_text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || lower_text.contains("<body")
        || lower_text.contains("<head")
    {
        return ContentKind::Html;
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_slice::<serde_json::Value>(body).is_ok()
    {
        return ContentKind::Json;
    }
    if mime.starts_with("text/")
        || (!body.is_empty() && std::str::from_utf8(body).is_ok() && !body.contains(&0))
    {
        return ContentKind::Text;
    }
    ContentKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_type_and_sniffing() {
        assert_eq!(
            extract(Some("image/png"), "http://x/", b"\x89PNG\r\n").kind,
            ContentKind::Other
        );
        assert_eq!(
            extract(Some("image/png"), "http://x/", b"\x89PNG\r\n").text,
            None
        );
        assert_eq!(
            extract(None, "http://x/", b"%PDF-1.4 junk").kind,
            ContentKind::Pdf
        );
        assert_eq!(
            extract(
                Some("application/octet-stream"),
                "http://x/",
                b"<!DOCTYPE html><p>x</p>"
            )
            .kind,
            ContentKind::Html
        );
        let json = extract(
            Some("application/json; charset=utf-8"),
            "http://x/",
            br#"{"a": 1}"#,
        );
        assert_eq!(
            (json.kind, json.text.as_deref()),
            (ContentKind::Json, Some(r#"{"a": 1}"#))
        );
        let txt = extract(Some("text/plain"), "http://x/", b"hello\nworld");
        assert_eq!(txt.text.as_deref(), Some("hello\nworld"));
        assert_eq!(
            extract(None, "http://x/", &[0u8, 1, 2, 255]).kind,
            ContentKind::Other
        );
    }
}
