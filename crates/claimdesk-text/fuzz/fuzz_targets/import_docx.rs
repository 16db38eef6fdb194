#![no_main]
//! The docx importer never panics, on raw bytes and on well-formed zips with fuzzed XML parts.
use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8]) {
    if let Ok(d) = claimdesk_text::import::import_bytes(Some("draft.docx"), bytes) {
        for l in &d.links {
            assert!(l.start < l.end && d.text.get(l.start..l.end).is_some());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    // Most random bytes are not a zip; also wrap them as the document part so the XML walker gets exercised.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let split = data.len() / 2;
    if w.start_file("word/document.xml", opts).is_ok() && w.write_all(&data[..split]).is_ok()
        && w.start_file("word/_rels/document.xml.rels", opts).is_ok() && w.write_all(&data[split..]).is_ok()
    {
        if let Ok(c) = w.finish() {
            check(&c.into_inner());
        }
    }
});
