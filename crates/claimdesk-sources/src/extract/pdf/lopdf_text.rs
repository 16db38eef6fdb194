//! The fallback reader when Poppler is not installed: lopdf (pure Rust, in-process), page by page, with its
//! panics caught. No positions, so no layout pass: text as lopdf orders it.

use super::{join_pages, problem, PdfFacts, PdfRead, ProblemKind};
use crate::extract::metadata::Metadata;

/// Each page's text and the Info dictionary's Title/Author/CreationDate/ModDate.
pub(crate) fn extract(body: &[u8]) -> PdfRead {
    // lopdf can panic on exotic font encodings; a broken PDF must not take the fetch task down with it.
    let loaded = std::panic::catch_unwind(|| lopdf::Document::load_mem(body));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(lopdf::Error::Decryption(_))) | Ok(Err(lopdf::Error::InvalidPassword)) => {
            return problem(
                ProblemKind::PasswordRequired,
                "The PDF is encrypted with a user password: it cannot be opened without the password.",
            )
        }
        _ => return problem(ProblemKind::Malformed, "The PDF is damaged or not a PDF."),
    };
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let texts: Vec<String> = numbers
        .iter()
        .map(|&n| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.extract_text(&[n])))
                .ok()
                .and_then(Result::ok)
                .map(|t| {
                    t.lines()
                        .map(str::trim_end)
                        .collect::<Vec<_>>()
                        .join("\n")
                        .trim()
                        .to_string()
                })
                .unwrap_or_default()
        })
        .collect();
    let (text, pages) = join_pages(&texts);
    let mut meta = Metadata::default();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| o.as_reference().ok())
        .and_then(|r| doc.get_dictionary(r).ok());
    if let Some(info) = info {
        let field = |k: &[u8]| -> Option<String> {
            let obj = info.get(k).ok()?;
            let s = lopdf::decode_text_string(obj).ok()?;
            let s = s.trim().to_string();
            (!s.is_empty()).then_some(s)
        };
        meta.title = field(b"Title");
        meta.authors = field(b"Author").into_iter().collect();
        meta.published = field(b"CreationDate").map(|d| pdf_date(&d));
        meta.modified = field(b"ModDate").map(|d| pdf_date(&d));
        meta.description = field(b"Subject");
    }
    let facts = Some(PdfFacts {
        page_count: u32::try_from(numbers.len()).unwrap_or(u32::MAX),
        ..PdfFacts::default()
    });
    if text.trim().is_empty() && doc.trailer.get(b"Encrypt").is_ok() {
        return problem(
            ProblemKind::PasswordRequired,
            "The PDF is encrypted with a user password: it cannot be opened without the password.",
        );
    }
    if text.trim().is_empty() {
        return PdfRead {
            metadata: meta,
            facts,
            pages,
            ..problem(
                ProblemKind::NoTextLayer,
                "The PDF has no text layer (scanned pages?): its text would need OCR.",
            )
        };
    }
    PdfRead {
        text: Some(text),
        pages,
        metadata: meta,
        facts,
        problem: None,
    }
}

/// Converts a PDF date (`D:YYYYMMDDHHmmSS...`) to ISO 8601 (`YYYY-MM-DDTHH:mm:SS`), or keeps it as written.
fn pdf_date(raw: &str) -> String {
    let d = raw.trim_start_matches("D:");
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    let part = |a: usize, b: usize| digits.get(a..b);
    match (part(0, 4), part(4, 6), part(6, 8)) {
        (Some(y), Some(m), Some(day)) => match (part(8, 10), part(10, 12), part(12, 14)) {
            (Some(h), Some(mi), Some(s)) => format!("{y}-{m}-{day}T{h}:{mi}:{s}"),
            _ => format!("{y}-{m}-{day}"),
        },
        _ => raw.to_string(),
    }
}
