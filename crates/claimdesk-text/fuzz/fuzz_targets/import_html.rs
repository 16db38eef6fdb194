#![no_main]
//! The html importer never panics; on success every link and note range is a valid slice of the imported text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = claimdesk_text::import::import_bytes(Some("draft.html"), data) {
        for l in &d.links {
            assert!(l.start < l.end && d.text.get(l.start..l.end).is_some());
        }
        for n in &d.notes {
            assert!(n.start < n.end && d.text.get(n.start..n.end).is_some());
        }
    }
});
