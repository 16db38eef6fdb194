//! Turning a draft file (plain text, Markdown, HTML, Word .docx) or pasted text into plain text plus the links it
//! already carries.
//!
//! All offsets in [`ImportedDraft`] are UTF-8 byte offsets into [`ImportedDraft::text`]. Importers never panic
//! on input; every failure is an [`ImportError`] with a stable [`ImportError::code`].

mod builder;
mod decode;
mod docx;
mod html;
mod markdown;

use serde::{Deserialize, Serialize};

pub(crate) use builder::TextBuilder;

/// The largest file (or paste) accepted, in bytes: 10 MiB.
///
/// A 50 MB text is **refused** with [`ImportError::TooLarge`]. A long article or report is well under 1 MB (a
/// 10,000-word draft is about 60 KB); 10 MiB is already more than 1.5 million words. Anything larger is almost
/// certainly a data dump or a wrong file, and importing it would put hundreds of thousands of sentences into the
/// editor's claim list and the store. Refusing costs nothing (it is decided from the length alone), so the app
/// stays responsive.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// The most uncompressed XML read from one .docx part; larger parts are treated as a zip bomb.
pub const MAX_DOCX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The largest compression ratio accepted for a .docx part bigger than 1 MiB. Real Word XML compresses about
/// 10:1 to 30:1; bombs compress 1000:1 and more.
pub const MAX_DOCX_RATIO: u64 = 200;

/// The format of an imported draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text in any common encoding.
    PlainText,
    /// CommonMark / GitHub Markdown.
    Markdown,
    /// An HTML page or fragment.
    Html,
    /// A Word document (Office Open XML).
    Docx,
}

/// A link that was already in the draft: a proposed citation for the sentence that contains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLink {
    /// The link target as written (absolute or relative).
    pub url: String,
    /// The anchor text (for a bare URL in plain text: the URL itself).
    pub text: String,
    /// Byte offset of the anchor text in [`ImportedDraft::text`].
    pub start: usize,
    /// Byte offset just past the anchor text.
    pub end: usize,
}

/// What kind of note a [`DraftNote`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A footnote or endnote of a .docx, or a Markdown footnote definition.
    Footnote,
    /// A reviewer comment of a .docx.
    Comment,
}

/// A footnote or comment, appended after the body text; `start..end` is its range in [`ImportedDraft::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftNote {
    /// Footnote or comment.
    pub kind: NoteKind,
    /// The comment's author, when the file names one.
    pub author: Option<String>,
    /// Byte offset of the note's text.
    pub start: usize,
    /// Byte offset just past the note's text.
    pub end: usize,
}

/// A draft turned into plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedDraft {
    /// The plain text: paragraphs separated by a blank line, list items and line breaks by one newline.
    pub text: String,
    /// The format that was imported.
    pub format: Format,
    /// The character encoding assumed (an encoding_rs name such as `UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: String,
    /// Links already in the draft, in text order.
    pub links: Vec<DraftLink>,
    /// Footnotes and comments (docx, Markdown footnotes), which follow the body in `text`.
    pub notes: Vec<DraftNote>,
}

/// Why a draft could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum ImportError {
    /// The file or paste holds no text (or only whitespace).
    #[error("the draft is empty")]
    Empty,
    /// The bytes are not text (NUL bytes or control characters, or a known binary signature).
    #[error("this looks like a binary file, not a text draft")]
    Binary,
    /// A known format that Claimdesk does not read, such as PDF or the old Word `.doc`.
    #[error("{what} files are not supported; save the draft as .docx, .html, .md or .txt")]
    Unsupported {
        /// Human-readable name of the detected format.
        what: String,
    },
    /// Larger than [`MAX_INPUT_BYTES`].
    #[error("the draft is {size} bytes; the limit is {limit} bytes (a draft, not a data dump)")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The bytes are mostly UTF-8 but contain invalid sequences: the file is damaged or mixes encodings.
    #[error("the text is not valid UTF-8 (first bad byte at offset {valid_up_to})")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        valid_up_to: usize,
    },
    /// A `.docx` file that is not a zip archive at all.
    #[error("this .docx file is not a zip archive, so it is not a Word document")]
    NotAZip,
    /// A zip archive without `word/document.xml`.
    #[error("this zip archive is not a Word document (no word/document.xml)")]
    NotADocx,
    /// A .docx whose parts decompress to far more than real documents do.
    #[error("this .docx decompresses to an unreasonable size (a zip bomb?)")]
    ZipBomb,
    /// The file is of the right kind but its content cannot be parsed.
    #[error("the file is malformed: {0}")]
    Malformed(String),
}

impl ImportError {
    /// Stable machine-readable code; the UI switches on it.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::Binary => "binary",
            ImportError::Unsupported { .. } => "unsupported_format",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::InvalidUtf8 { .. } => "invalid_utf8",
            ImportError::NotAZip => "not_a_zip",
            ImportError::NotADocx => "not_a_docx",
            ImportError::ZipBomb => "zip_bomb",
            ImportError::Malformed(_) => "malformed",
        }
    }
}

/// Imports a file. The format comes from the file name's extension when it has a known one, otherwise from the
/// content (zip signature → docx, markup → HTML, Markdown syntax → Markdown, else plain text).
pub fn import_bytes(file_name: Option<&str>, bytes: &[u8]) -> Result<ImportedDraft, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let by_ext = match ext.as_str() {
        "txt" | "text" => Some(Format::PlainText),
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "docx" => Some(Format::Docx),
        "doc" => {
            return Err(ImportError::Unsupported {
                what: "Word 97-2003 (.doc)".into(),
            })
        }
        "pdf" => return Err(ImportError::Unsupported { what: "PDF".into() }),
        _ => None,
    };
    if by_ext == Some(Format::Docx) || (by_ext.is_none() && bytes.starts_with(b"PK\x03\x04")) {
        return non_empty(docx::import(bytes)?);
    }
    decode::reject_binary(bytes)?;
    let (text, encoding) = decode::decode(bytes)?;
    let format = by_ext.unwrap_or_else(|| sniff(&text));
    non_empty(import_text(&text, format, encoding))
}

/// Imports pasted text exactly like a file without a name: the format is sniffed from the content.
pub fn import_pasted(text: &str) -> Result<ImportedDraft, ImportError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    decode::reject_binary(text.as_bytes())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    non_empty(import_text(text, sniff(text), "UTF-8"))
}

fn import_text(text: &str, format: Format, encoding: &str) -> ImportedDraft {
    let builder = match format {
        Format::Markdown => markdown::import(text),
        Format::Html => html::import(text),
        Format::PlainText | Format::Docx => plain(text),
    };
    builder.finish(format, encoding)
}

/// The last check of every import: the text must not be empty, and the size cap applies to the text as extracted
/// too, not only to the file: a .docx (compressed about 10:1) or a legacy-encoded file (one byte can become three)
/// under the file cap can expand to several times it.
fn non_empty(d: ImportedDraft) -> Result<ImportedDraft, ImportError> {
    if d.text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            size: d.text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if d.text.trim().is_empty() {
        Err(ImportError::Empty)
    } else {
        Ok(d)
    }
}

/// Plain text: kept as it is (line endings normalised), with bare `http(s)://` URLs as links.
fn plain(text: &str) -> TextBuilder {
    let mut b = TextBuilder::new(false);
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    b.push_raw(&normalised);
    b.link_bare_urls();
    b
}

/// Guesses the format of text without a file name.
fn sniff(text: &str) -> Format {
    let head: String = text.trim_start().chars().take(2048).collect();
    let lower = head.to_ascii_lowercase();
    if lower.starts_with('<')
        && [
            "<html",
            "<!doctype html",
            "<body",
            "<p>",
            "<p ",
            "<div",
            "<h1",
            "<h2",
            "<article",
            "<span",
        ]
        .iter()
        .any(|t| lower.contains(t))
    {
        return Format::Html;
    }
    let mut md_signals = 0;
    for line in text.lines().take(200) {
        let l = line.trim_start();
        if l.starts_with("# ")
            || l.starts_with("## ")
            || l.starts_with("### ")
            || l.starts_with("```")
        {
            md_signals += 2;
        }
        if l.contains("](http") || l.contains("](/") || l.contains("](#") {
            md_signals += 2;
        }
        if l.starts_with("> ") || l.contains("**") {
            md_signals += 1;
        }
    }
    if md_signals >= 2 {
        Format::Markdown
    } else {
        Format::PlainText
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff("<!DOCTYPE html><html><body><p>Hi</p>"), Format::Html);
        assert_eq!(
            sniff("# Title\n\nSee [the report](https://example.org)."),
            Format::Markdown
        );
        assert_eq!(sniff("Just a sentence. Another one."), Format::PlainText);
    }

    #[test]
    fn plain_text_keeps_bare_urls_as_links() {
        let d = import_pasted("Unemployment fell to 4% (https://bls.gov/cps). Good.")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.format, Format::PlainText);
        assert_eq!(d.links.len(), 1);
        assert_eq!(d.links[0].url, "https://bls.gov/cps");
        assert_eq!(
            &d.text[d.links[0].start..d.links[0].end],
            "https://bls.gov/cps"
        );
    }
}
