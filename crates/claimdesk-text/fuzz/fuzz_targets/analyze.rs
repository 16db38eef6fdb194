#![no_main]
//! Detection never panics; scores are probabilities and quote offsets stay inside their sentence.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for a in claimdesk_text::analyze(text) {
        let d = &a.detection;
        assert!((0.0..=1.0).contains(&d.score));
        for q in &d.quotes {
            assert!(q.start <= q.end && q.start >= a.sentence.start && q.end <= a.sentence.end);
            assert!(text.get(q.start..q.end).is_some());
        }
    }
});
