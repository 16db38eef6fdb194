#![no_main]
//! Segmentation never panics, and every sentence is a trimmed, in-order, non-overlapping slice of the input.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut last = 0;
    for s in claimdesk_text::segment(text) {
        assert!(s.start >= last && s.start < s.end && s.end <= text.len());
        let raw = &text[s.start..s.end];
        assert_eq!(raw.trim(), raw);
        assert!(!s.text.is_empty());
        last = s.end;
    }
});
