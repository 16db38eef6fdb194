//! PDF text and document-information metadata, via lopdf (pure Rust).

use super::metadata::Metadata;

/// Text of all pages (in order) and the Info dictionary's Title/Author/CreationDate/ModDate. Encrypted, broken or
/// image-only PDFs give `None` text: the bytes are still archived.
pub(crate) fn extract_pdf(body: &[u8]) -> (Option<String>, Metadata) {
    let Ok(doc) = lopdf::Document::load_mem(body) else {
        return (None, Metadata::default());
    };
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    // lopdf can panic on exotic font encodings; a broken PDF must not take the fetch task down with it.
    let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.extract_text(&pages)))
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
        .filter(|t| !t.is_empty());
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
    (text, meta)
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
