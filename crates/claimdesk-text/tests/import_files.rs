//! Import of every format and of bad input. Fixtures are built in the test (docx with the `zip` writer), so
//! nothing binary is committed and every byte of a fixture is visible here.

use std::io::{Cursor, Write};

use claimdesk_text::analyze;
use claimdesk_text::import::{
    import_bytes, import_pasted, Format, ImportError, NoteKind, MAX_INPUT_BYTES,
};
use zip::write::SimpleFileOptions;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        w.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
        w.write_all(body).unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}</w:body></w:document>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document.as_bytes()),
    ];
    for (n, b) in extra {
        parts.push((n, b.as_bytes()));
    }
    zip_of(&parts)
}

fn code(r: Result<claimdesk_text::import::ImportedDraft, ImportError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn docx_paragraphs_links_footnotes_and_comments() {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.bls.gov/cps/" TargetMode="External"/></Relationships>"#;
    let body = r#"<w:p><w:r><w:t>Jobs report</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">Unemployment fell to 4.1% in March, </w:t></w:r><w:hyperlink r:id="rId7"><w:r><w:t>the BLS said</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
        <w:p><w:r><w:t>Wages rose by 3 &amp; a half percent, </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/wages" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>officials say</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#;
    let footnotes = format!(
        r#"<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Seasonally adjusted.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let comments = format!(
        r#"<w:comments {W_NS}><w:comment w:id="0" w:author="Ana Ruiz"><w:p><w:r><w:t>Check the March figure.</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let bytes = docx(
        body,
        &[
            ("word/_rels/document.xml.rels", rels),
            ("word/footnotes.xml", &footnotes),
            ("word/comments.xml", &comments),
        ],
    );
    let d = import_bytes(Some("Draft.DOCX"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.format, Format::Docx);
    assert_eq!(
        d.text,
        "Jobs report\n\nUnemployment fell to 4.1% in March, the BLS said.\n\nWages rose by 3 & a half percent, officials say.\n\nSeasonally adjusted.\n\nCheck the March figure."
    );
    let links: Vec<(&str, &str)> = d
        .links
        .iter()
        .map(|l| (l.url.as_str(), &d.text[l.start..l.end]))
        .collect();
    assert_eq!(
        links,
        vec![
            ("https://www.bls.gov/cps/", "the BLS said"),
            ("https://example.org/wages", "officials say")
        ]
    );
    assert_eq!(d.notes.len(), 2);
    assert_eq!(
        (d.notes[0].kind, &d.text[d.notes[0].start..d.notes[0].end]),
        (NoteKind::Footnote, "Seasonally adjusted.")
    );
    assert_eq!(d.notes[1].author.as_deref(), Some("Ana Ruiz"));
    // Sniffing finds a docx without a file name too.
    assert_eq!(
        import_bytes(None, &bytes).map(|d| d.format),
        Ok(Format::Docx)
    );

    // The link sits inside the second sentence: that sentence is where the proposed citation goes.
    let analyzed = analyze(&d.text);
    let with_link: Vec<&str> = analyzed
        .iter()
        .filter(|a| {
            d.links
                .iter()
                .any(|l| l.start >= a.sentence.start && l.end <= a.sentence.end)
        })
        .map(|a| a.sentence.text.as_str())
        .collect();
    assert_eq!(
        with_link,
        vec![
            "Unemployment fell to 4.1% in March, the BLS said.",
            "Wages rose by 3 & a half percent, officials say."
        ]
    );
    assert!(analyzed[2].detection.unnamed_source);
}

#[test]
fn html_and_markdown_files() {
    let html = "<html><body><p>The city spent <a href='https://city.gov/budget'>$4 million</a> on parks.</p></body></html>";
    let d = import_bytes(Some("a.htm"), html.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (d.format, d.text.as_str()),
        (Format::Html, "The city spent $4 million on parks.")
    );
    assert_eq!(d.links[0].text, "$4 million");
    let md = "Crime fell 12% [per the FBI](https://fbi.gov/ucr).\n";
    let d = import_bytes(Some("a.md"), md.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (d.format, d.text.as_str()),
        (Format::Markdown, "Crime fell 12% per the FBI.")
    );
    assert_eq!(d.links[0].url, "https://fbi.gov/ucr");
    let pasted = import_pasted("<p>Pasted <a href=\"https://x.org\">HTML</a> works.</p>")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((pasted.format, pasted.links.len()), (Format::Html, 1));
}

#[test]
fn encodings_are_detected_and_reported() {
    let latin1 = b"Le caf\xE9 a ouvert en 1998. Il sert des cr\xEApes \xE0 5 \x80.";
    let d = import_bytes(Some("note.txt"), latin1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.encoding, "windows-1252");
    assert!(
        d.text.contains("café") && d.text.contains("5 €"),
        "{}",
        d.text
    );
    let mut utf16 = vec![0xFE, 0xFF];
    for u in "Inflation hit 9.1% in June.".encode_utf16() {
        utf16.extend_from_slice(&u.to_be_bytes());
    }
    let d = import_bytes(Some("x.txt"), &utf16).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (d.encoding.as_str(), d.text.as_str()),
        ("UTF-16BE", "Inflation hit 9.1% in June.")
    );
    let bom8 = [
        &[0xEF, 0xBB, 0xBF][..],
        "Plain UTF-8 with a BOM.".as_bytes(),
    ]
    .concat();
    assert_eq!(
        import_bytes(None, &bom8).map(|d| d.text),
        Ok("Plain UTF-8 with a BOM.".to_string())
    );
}

#[test]
fn bad_input_gets_a_coded_error() {
    // Empty and whitespace-only.
    assert_eq!(code(import_bytes(Some("a.txt"), b"")), "empty");
    assert_eq!(code(import_bytes(None, b" \n\t\r\n")), "empty");
    assert_eq!(code(import_pasted("   ")), "empty");
    assert_eq!(
        code(import_bytes(
            Some("a.html"),
            b"<html><script>x()</script></html>"
        )),
        "empty"
    );
    // Binary: a PNG, random bytes with NULs, an ELF header.
    assert_eq!(
        code(import_bytes(
            Some("photo.txt"),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
        )),
        "binary"
    );
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_eq!(code(import_bytes(None, &noise)), "binary");
    assert_eq!(code(import_pasted("text\0with NUL")), "binary");
    assert_eq!(
        code(import_bytes(Some("report.pdf"), b"%PDF-1.7 ...")),
        "unsupported_format"
    );
    assert_eq!(
        code(import_bytes(None, b"%PDF-1.7 ...")),
        "unsupported_format"
    );
    // 50 MB: refused by size before anything is decoded (see MAX_INPUT_BYTES for why).
    let big = vec![b'a'; 50_000_000];
    match import_bytes(Some("huge.txt"), &big) {
        Err(ImportError::TooLarge { size, limit }) => {
            assert_eq!((size, limit), (50_000_000, MAX_INPUT_BYTES))
        }
        other => panic!("expected too_large, got {other:?}"),
    }
    // Invalid UTF-8 inside otherwise UTF-8 text.
    let mut bad = "Ministers said “growth” was 2% — déjà vu."
        .as_bytes()
        .to_vec();
    bad.insert(12, 0xC3);
    bad.insert(13, 0x28);
    assert_eq!(code(import_bytes(Some("x.txt"), &bad)), "invalid_utf8");
    // A .docx that is not a zip, and a zip that is not a Word document.
    assert_eq!(
        code(import_bytes(
            Some("draft.docx"),
            b"This is just text named .docx"
        )),
        "not_a_zip"
    );
    assert_eq!(
        code(import_bytes(Some("draft.docx"), b"PK\x03\x04 truncated")),
        "not_a_zip"
    );
    let not_word = zip_of(&[("hello.txt", b"hi")]);
    assert_eq!(
        code(import_bytes(Some("draft.docx"), &not_word)),
        "not_a_docx"
    );
    // Malformed XML inside a real zip.
    let broken = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]);
    assert_eq!(code(import_bytes(Some("draft.docx"), &broken)), "malformed");
}

#[test]
fn zip_bomb_docx_is_refused() {
    // 3 MiB of spaces inside one paragraph compresses about 1000:1; real Word XML compresses 10-30:1.
    let filler = " ".repeat(3 << 20);
    let body = format!("<w:p><w:r><w:t xml:space=\"preserve\">Boom{filler}</w:t></w:r></w:p>");
    let bomb = docx(&body, &[]);
    assert!(
        bomb.len() < 64 * 1024,
        "fixture should be small, is {}",
        bomb.len()
    );
    assert_eq!(code(import_bytes(Some("innocent.docx"), &bomb)), "zip_bomb");
}

#[test]
fn the_size_cap_applies_to_the_extracted_text_not_only_to_the_file() {
    // A .docx well under the file cap whose text is over it: varied sentences (so the part compresses like real
    // prose, not like a bomb) adding up to more than 10 MiB of text.
    let mut paragraphs = String::new();
    let mut text_len = 0usize;
    let mut i: u64 = 0;
    while text_len <= claimdesk_text::import::MAX_INPUT_BYTES {
        let sentence = format!(
            "Report {i} says {} residents in district {} paid {}.{} million in {} fees.",
            i.wrapping_mul(7919) % 100_003,
            i % 577,
            i.wrapping_mul(31) % 997,
            i % 10,
            1950 + i % 75
        );
        text_len += sentence.len() + 2;
        paragraphs.push_str(&format!("<w:p><w:r><w:t>{sentence}</w:t></w:r></w:p>"));
        i += 1;
    }
    let file = docx(&paragraphs, &[]);
    assert!(
        file.len() < claimdesk_text::import::MAX_INPUT_BYTES,
        "the file ({} bytes) is under the cap",
        file.len()
    );
    let err = import_bytes(Some("expands.docx"), &file).expect_err("refused");
    assert_eq!(err.code(), "too_large", "{err}");
    assert!(err.to_string().contains("limit"), "{err}");
}
