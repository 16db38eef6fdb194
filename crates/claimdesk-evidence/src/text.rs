//! Tokens, stems and segments shared by ranking, stance and the indexes.
//!
//! Words and sentences come from the one text kit (`claimdesk_core::text`), the same the detector uses; this
//! module adds what only evidence needs: stems, stopwords and paragraphs.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A `HashMap` with the Fx hasher: the stem memo is hit for every word of a megabyte snapshot.
pub(crate) type FxMap<K, V> = HashMap<K, V, claimdesk_core::FxBuildHasher>;

thread_local! {
    static STEM_MEMO: RefCell<FxMap<String, String>> = RefCell::new(FxMap::default());
}

/// Snowball stem of a lower-cased word, memoised per thread (a page repeats its words; stemming each
/// occurrence again was most of the ranking time on a 1 MB source).
pub fn stem(lower: &str) -> String {
    STEM_MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(s) = memo.get(lower) {
            return s.clone();
        }
        let s = stemmer().stem(lower).into_owned();
        // Bound the memo: a long-running app sees an open-ended vocabulary.
        if memo.len() > 200_000 {
            memo.clear();
        }
        memo.insert(lower.to_string(), s.clone());
        s
    })
}

/// A word of the text with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lower-cased surface form.
    pub lower: String,
    /// Snowball (Porter 2) English stem of `lower`.
    pub stem: String,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Whether the surface form starts with an upper-case letter (a cheap proper-noun cue).
    pub capitalized: bool,
    /// Whether the word is a function word that carries no topic.
    pub stop: bool,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// English function words. Kept short on purpose: negations ("not", "no", "never") are *not* here,
/// because the stance step needs them, and BM25's IDF already discounts frequent words.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "may", "me",
    "might", "more", "most", "my", "of", "on", "one", "only", "or", "other", "our", "out", "over",
    "own", "s", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "would", "you", "your",
];

/// Whether a lower-cased word is a stopword.
pub fn is_stopword(lower: &str) -> bool {
    STOPWORDS.binary_search(&lower).is_ok()
}

/// The words of `text` ([`claimdesk_core::text::words`], currency and percent signs left out) with their stems.
pub fn tokenize(text: &str) -> Vec<Token> {
    claimdesk_core::text::words(text)
        .into_iter()
        .filter(|w| !w.symbol)
        .map(|w| {
            let word = w.text(text);
            let lower = claimdesk_core::text::fold(word);
            let base = lower.strip_suffix("'s").unwrap_or(&lower);
            Token {
                capitalized: word.chars().next().is_some_and(char::is_uppercase),
                stop: is_stopword(&lower),
                stem: stem(base),
                lower,
                start: w.start,
                end: w.end,
            }
        })
        .collect()
}

/// Byte spans of the sentences of `text`: the product's one segmenter ([`claimdesk_core::text::sentence_spans`]).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    claimdesk_core::text::sentence_spans(text)
}

fn push_trimmed(spans: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        spans.push((start + lead, start + lead + trimmed.len()));
    }
}

/// Byte spans of the paragraphs of `text`: blocks separated by blank lines.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0usize;
    let mut line_start = 0usize;
    let mut blank_run = false;
    // Only line breaks matter; jump from one to the next.
    while let Some(pos) =
        memchr::memchr(b'\n', bytes.get(line_start..).unwrap_or(&[])).map(|p| p + line_start)
    {
        let line = text.get(line_start..pos).unwrap_or("");
        if line.trim().is_empty() {
            if !blank_run {
                push_trimmed(&mut spans, text, start, line_start);
            }
            blank_run = true;
            start = pos + 1;
        } else {
            blank_run = false;
        }
        line_start = pos + 1;
    }
    push_trimmed(&mut spans, text, start, text.len());
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokens_keep_numbers_and_contractions_whole() {
        let t = tokenize("Mr. Smith didn't pay $1,200.50 to the U.N.");
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            words,
            ["mr", "smith", "didn't", "pay", "1,200.50", "to", "the", "u", "n"]
        );
        assert!(t[1].capitalized && t[5].stop);
    }

    #[test]
    fn sentences_respect_abbreviations_and_lines() {
        let text =
            "Dr. Smith arrived. He said \"Hi.\" Then left!\nA heading\n\nNew para. J. Doe agreed.";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Dr. Smith arrived.",
                "He said \"Hi.\"",
                "Then left!",
                "A heading",
                "New para.",
                "J. Doe agreed."
            ]
        );
        let paras: Vec<&str> = paragraphs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(paras.len(), 2);
        assert!(paras[1].starts_with("New para."));
    }
}
