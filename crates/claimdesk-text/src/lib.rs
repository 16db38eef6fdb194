//! Draft import, sentence segmentation and check-worthy claim detection (no Tauri, no I/O beyond bytes).
//!
//! The pipeline is `import::import_bytes` (or `import::import_pasted`) → [`analyze`], which segments the imported
//! plain text with [`segment`] and scores each sentence with [`detect`].
//!
//! **Offsets.** Every `start`/`end` in this crate is a UTF-8 byte offset into `ImportedDraft::text` (the plain text
//! the importer produced), never into the original file. Callers that talk to JavaScript convert them to UTF-16 code
//! units once, at the IPC boundary.
#![deny(missing_docs)]

mod detect;
pub mod features;
pub mod import;
pub mod model;
mod segment;

pub use detect::{
    detect, detect_in_context, Detection, Kind, Quote, SpeakerContext, CLAIM_THRESHOLD,
};
pub use segment::{segment, Sentence};

use serde::{Deserialize, Serialize};

/// A sentence together with what the detector found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedSentence {
    /// The sentence and its byte offsets into the analysed text.
    pub sentence: Sentence,
    /// Score, kinds, quotations, flags and the claim decision.
    pub detection: Detection,
}

/// Segments `text` and runs claim detection on every sentence, in order.
///
/// Pronoun speakers ("he said") are resolved against the people named in the preceding sentences, which is why
/// this is more than `segment` + `detect` in a loop.
pub fn analyze(text: &str) -> Vec<AnalyzedSentence> {
    let mut context = SpeakerContext::default();
    segment(text)
        .into_iter()
        .map(|sentence| {
            // Detect on the raw slice (not the folded `sentence.text`) so quote offsets map exactly into `text`.
            let raw = text
                .get(sentence.start..sentence.end)
                .unwrap_or(&sentence.text);
            let mut detection = detect_in_context(raw, &mut context);
            for q in &mut detection.quotes {
                q.start += sentence.start;
                q.end += sentence.start;
            }
            AnalyzedSentence {
                sentence,
                detection,
            }
        })
        .collect()
}

/// Only the sentences whose detection says `is_claim`.
pub fn claims(analyzed: &[AnalyzedSentence]) -> impl Iterator<Item = &AnalyzedSentence> {
    analyzed.iter().filter(|a| a.detection.is_claim)
}
