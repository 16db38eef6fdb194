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

pub use claimdesk_core::text::{segment, Sentence};
pub use detect::{
    detect, detect_in_context, Detection, Kind, Quote, Resolution, SpeakerContext, CLAIM_THRESHOLD,
};

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
    let mut scratch = detect::Scratch::default();
    let mut analyzed: Vec<AnalyzedSentence> = segment(text)
        .into_iter()
        .map(|sentence| {
            // Detect on the raw slice (not the folded `sentence.text`) so quote offsets map exactly into `text`.
            let raw = text
                .get(sentence.start..sentence.end)
                .unwrap_or(&sentence.text);
            let mut detection = detect::detect_with(raw, &mut context, &mut scratch);
            for q in &mut detection.quotes {
                q.start += sentence.start;
                q.end += sentence.start;
            }
            AnalyzedSentence {
                sentence,
                detection,
            }
        })
        .collect();
    // A quotation over several sentences is named once, often in its last part: every part gets that speaker.
    let mut quotes: Vec<Vec<Quote>> = analyzed
        .iter_mut()
        .map(|a| std::mem::take(&mut a.detection.quotes))
        .collect();
    claimdesk_core::text::quotes::fill_continued_speakers(&mut quotes);
    for (a, q) in analyzed.iter_mut().zip(quotes) {
        a.detection.quotes = q;
    }
    analyzed
}

/// Only the sentences whose detection says `is_claim`.
pub fn claims(analyzed: &[AnalyzedSentence]) -> impl Iterator<Item = &AnalyzedSentence> {
    analyzed.iter().filter(|a| a.detection.is_claim)
}

/// Index of the sentence that holds byte `offset` (e.g. a [`import::DraftLink`]'s `start`): the proposed citation
/// of a link goes to that sentence. An offset in the whitespace between two sentences belongs to the one before.
/// `None` when `offset` precedes the first sentence or `analyzed` is empty.
pub fn sentence_index_at(analyzed: &[AnalyzedSentence], offset: usize) -> Option<usize> {
    // Sentences are in text order, so the last one starting at or before `offset` is the holder.
    let after = analyzed.partition_point(|a| a.sentence.start <= offset);
    after.checked_sub(1)
}

/// Converts sorted-or-not UTF-8 byte offsets into `text` to UTF-16 code-unit offsets (what JavaScript string
/// indices use), in one pass over the text. Offsets inside a character map to that character's start; offsets
/// past the end map to the text's UTF-16 length.
pub fn utf16_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..byte_offsets.len()).collect();
    order.sort_by_key(|&i| byte_offsets[i]);
    let mut out = vec![0; byte_offsets.len()];
    let mut units = 0;
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = byte_offsets[i];
        while let Some(&(pos, c)) = chars.peek() {
            if pos + c.len_utf8() > target {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out[i] = units;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_code_units() {
        let text = "a€😀b"; // bytes: a=0, €=1..4, 😀=4..8, b=8
        assert_eq!(
            utf16_offsets(text, &[0, 1, 4, 8, 9, 100]),
            vec![0, 1, 2, 4, 5, 5]
        );
        assert_eq!(utf16_offsets(text, &[8, 0]), vec![4, 0]);
    }

    #[test]
    fn links_map_to_their_sentence() {
        let text = "Taxes rose 3%. Wages fell, per the BLS.  Next one.";
        let analyzed = analyze(text);
        let bls = text.find("BLS").unwrap_or(0);
        assert_eq!(sentence_index_at(&analyzed, bls), Some(1));
        assert_eq!(
            sentence_index_at(&analyzed, text.find("  Next").unwrap_or(0)),
            Some(1)
        );
        assert_eq!(sentence_index_at(&[], 3), None);
    }
}
