//! Word .docx import: a zip archive read with `zip`, its XML parts with `quick-xml`. Body paragraphs come in
//! document order, then footnotes, endnotes and comments as [`super::DraftNote`]s; `w:hyperlink` elements become
//! proposed citations through the relationships part.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{
    Format, ImportError, ImportedDraft, NoteKind, TextBuilder, MAX_DOCX_PART_BYTES, MAX_DOCX_RATIO,
};

/// More entries than any real document has; a guard against archives built to exhaust the central directory.
const MAX_ENTRIES: usize = 10_000;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

pub(crate) fn import(bytes: &[u8]) -> Result<ImportedDraft, ImportError> {
    if !bytes.starts_with(b"PK") {
        return Err(ImportError::NotAZip);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::NotAZip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ImportError::ZipBomb);
    }
    let document = read_part(&mut zip, "word/document.xml")?.ok_or(ImportError::NotADocx)?;
    let rels = match read_part(&mut zip, "word/_rels/document.xml.rels")? {
        Some(xml) => relationships(&xml)?,
        None => HashMap::new(),
    };
    let mut b = TextBuilder::new(false);
    walk(&document, &rels, &mut b, None)?;
    for (part, rels_part, container, kind) in [
        (
            "word/footnotes.xml",
            "word/_rels/footnotes.xml.rels",
            "footnote",
            NoteKind::Footnote,
        ),
        (
            "word/endnotes.xml",
            "word/_rels/endnotes.xml.rels",
            "endnote",
            NoteKind::Footnote,
        ),
        (
            "word/comments.xml",
            "word/_rels/comments.xml.rels",
            "comment",
            NoteKind::Comment,
        ),
    ] {
        if let Some(xml) = read_part(&mut zip, part)? {
            let rels = match read_part(&mut zip, rels_part)? {
                Some(x) => relationships(&x)?,
                None => HashMap::new(),
            };
            walk(&xml, &rels, &mut b, Some((container, kind)))?;
        }
    }
    Ok(b.finish(Format::Docx, "UTF-8"))
}

/// Reads one part, refusing parts whose declared or actual size, or compression ratio, is that of a zip bomb.
/// The actual size is enforced while reading, because the sizes in a zip header can lie.
fn read_part(zip: &mut Archive<'_>, name: &str) -> Result<Option<String>, ImportError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ImportError::Malformed(format!("{name}: {e}"))),
    };
    let declared = file.size();
    let compressed = file.compressed_size().max(1);
    if declared > MAX_DOCX_PART_BYTES
        || (declared > 1 << 20 && declared / compressed > MAX_DOCX_RATIO)
    {
        return Err(ImportError::ZipBomb);
    }
    let mut buf = Vec::with_capacity(usize::try_from(declared.min(1 << 24)).unwrap_or(0));
    let read = file
        .take(MAX_DOCX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ImportError::Malformed(format!("{name}: {e}")))?;
    if read as u64 > MAX_DOCX_PART_BYTES
        || (read > 1 << 20 && read as u64 / compressed > MAX_DOCX_RATIO)
    {
        return Err(ImportError::ZipBomb);
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| ImportError::Malformed(format!("{name} is not UTF-8")))
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn xml_err(part: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed(format!("{part}: {e}"))
}

/// Relationship id → external target (hyperlinks).
fn relationships(xml: &str) -> Result<HashMap<String, String>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut map = HashMap::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_err("relationships", e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    map.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(map)
}

/// Walks a WordprocessingML part. With `container`, only the content of `w:footnote`/`w:endnote`/`w:comment`
/// elements is read, each as a note (separator footnotes are skipped).
fn walk(
    xml: &str,
    rels: &HashMap<String, String>,
    b: &mut TextBuilder,
    container: Option<(&str, NoteKind)>,
) -> Result<(), ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut in_text = false;
    let mut in_note = container.is_none();
    // Hyperlink nesting: true when the element opened a link (had a relationship target).
    let mut links: Vec<bool> = Vec::new();
    // Field-code hyperlinks: `w:instrText` HYPERLINK "url" ... `w:fldChar separate` ... result ... `end`.
    let mut field_url: Option<String> = None;
    let mut in_instr = false;
    let mut field_link_open = false;
    loop {
        let event = reader.read_event().map_err(|e| xml_err("document", e))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    n if container.is_some_and(|(c, _)| c == n) => {
                        let kind = container.map_or(NoteKind::Footnote, |(_, k)| k);
                        let separator = attr(&e, "w:type").is_some_and(|t| t != "normal");
                        in_note = !separator;
                        if in_note {
                            b.start_note(kind, attr(&e, "w:author"));
                        }
                    }
                    "t" if in_note => in_text = true,
                    "instrText" if in_note => in_instr = true,
                    "hyperlink" if in_note => {
                        let target = attr(&e, "r:id").and_then(|id| rels.get(&id).cloned());
                        let anchor = attr(&e, "w:anchor");
                        match target.or(anchor.map(|a| format!("#{a}"))) {
                            Some(url) => {
                                b.start_link(&url);
                                links.push(true);
                            }
                            None => links.push(false),
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if in_note => match e.local_name().as_ref() {
                "tab" => b.push_raw("\t"),
                "br" | "cr" => b.line_break(),
                "p" => b.paragraph_break(),
                "fldChar" => match attr(&e, "w:fldCharType").as_deref() {
                    Some("separate") => {
                        if let Some(url) = field_url.take() {
                            b.start_link(&url);
                            field_link_open = true;
                        }
                    }
                    Some("end") => {
                        if field_link_open {
                            b.end_link();
                            field_link_open = false;
                        }
                        field_url = None;
                    }
                    _ => {}
                },
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                n if container.is_some_and(|(c, _)| c == n) => {
                    if in_note {
                        b.end_note();
                    }
                    in_note = false;
                }
                "t" => in_text = false,
                "instrText" => in_instr = false,
                "p" if in_note => b.paragraph_break(),
                "hyperlink" if links.pop() == Some(true) => b.end_link(),
                _ => {}
            },
            Event::Text(t) if in_text => b.push_raw(&t.xml10_content()),
            Event::Text(t) if in_instr => {
                let code = t.xml10_content();
                let code = code.trim();
                if let Some(rest) = code.strip_prefix("HYPERLINK") {
                    let url = rest
                        .trim()
                        .trim_start_matches("\\l")
                        .trim()
                        .trim_matches('"');
                    if !url.is_empty() {
                        field_url = Some(url.to_string());
                    }
                }
            }
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r.into_inner() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    b.push_raw(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}
