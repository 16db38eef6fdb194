//! Tokens, stems and segments shared by ranking, stance and the indexes.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FxHash (the rustc hasher): the stem memo is hit for every word of a megabyte snapshot, and SipHash's
/// DoS resistance buys nothing for a per-thread cache of words.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

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

/// Splits text into word tokens: runs of letters and digits, with inner apostrophes, dots and commas
/// between digits kept (so "1,200.5" and "don't" stay whole).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let inner = match (start, next) {
            (Some(s), Some(n)) => {
                let prev = text.get(s..i).and_then(|w| w.chars().last()).unwrap_or(' ');
                ((c == '\'' || c == '\u{2019}') && prev.is_alphabetic() && n.is_alphabetic())
                    || ((c == '.' || c == ',') && prev.is_ascii_digit() && n.is_ascii_digit())
            }
            _ => false,
        };
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            push_token(&mut out, text, s, i);
        }
    }
    if let Some(s) = start {
        push_token(&mut out, text, s, text.len());
    }
    out
}

fn push_token(out: &mut Vec<Token>, text: &str, start: usize, end: usize) {
    let Some(word) = text.get(start..end) else {
        return;
    };
    let lower = word.to_lowercase().replace('\u{2019}', "'");
    let base = lower.strip_suffix("'s").unwrap_or(&lower);
    let stem = stem(base);
    out.push(Token {
        capitalized: word.chars().next().is_some_and(char::is_uppercase),
        stop: is_stopword(&lower),
        lower,
        stem,
        start,
        end,
    });
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "aug", "ca", "co", "corp", "dec", "dept", "dr", "e.g", "est", "etc",
    "feb", "fig", "gen", "gov", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "mar", "mr",
    "mrs", "ms", "mt", "no", "nov", "oct", "p", "pp", "prof", "rep", "rev", "sen", "sep", "sept",
    "sr", "st", "u.s", "v", "vol", "vs",
];

/// Byte spans of the sentences of `text`.
///
/// A rule-based splitter: a sentence ends at `.`, `!` or `?` (plus closing quotes/brackets) followed by
/// whitespace and an upper-case letter, digit or opening quote, unless the word before the stop is a
/// known abbreviation or a single initial. Line breaks always end a sentence, because web snapshots put
/// headings, list items and captions on lines of their own.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    // Scans bytes rather than chars: this runs over whole snapshots (a megabyte and more) on every
    // evidence request, and all the decisive characters are ASCII.
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    // Jump from one byte that can end a sentence to the next; everything else needs no decision.
    let next_stop = |from: usize| find_any(bytes, from, b"\n.!?").map(|p| p - from);
    while let Some(off) = next_stop(i) {
        i += off;
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b == b'\n' {
            push_trimmed(&mut spans, text, start, i);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') {
            // Include closing quotes and brackets in the sentence.
            let mut j = i + 1;
            loop {
                let rest = bytes.get(j..).unwrap_or(&[]);
                if matches!(rest.first(), Some(b'"' | b'\'' | b')' | b']')) {
                    j += 1;
                } else if rest.starts_with("\u{201D}".as_bytes())
                    || rest.starts_with("\u{2019}".as_bytes())
                {
                    j += 3;
                } else {
                    break;
                }
            }
            let mut k = j;
            while matches!(bytes.get(k), Some(b' ' | b'\t' | b'\r')) {
                k += 1;
            }
            let next = text.get(k..).and_then(|r| r.chars().next());
            let next_ok = next.is_some_and(|c| {
                c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, '"' | '\u{201C}' | '\'' | '\u{2018}' | '(')
            });
            if k > j && next_ok && !(b == b'.' && before_is_abbreviation(text, i)) {
                push_trimmed(&mut spans, text, start, j);
                start = j;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut spans, text, start, text.len());
    spans
}

fn before_is_abbreviation(text: &str, dot: usize) -> bool {
    let head = text.get(..dot).unwrap_or("");
    let from = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(dot, |(i, _)| i);
    let word = head.get(from..).unwrap_or("");
    let lower = word.to_lowercase();
    // A single capital letter is an initial ("J. Smith").
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.binary_search(&lower.as_str()).is_ok()
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

/// Position of the first byte at or after `from` that is one of `needles` (at most four).
///
/// Eight bytes at a time with the "has zero byte" bit trick: splitting a megabyte snapshot into
/// sentences spent most of its time testing bytes one by one.
fn find_any(bytes: &[u8], from: usize, needles: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in &mut chunks {
        let mut arr = [0u8; 8];
        arr.copy_from_slice(chunk);
        let x = u64::from_le_bytes(arr);
        let hit = needles.iter().fold(0u64, |acc, &n| {
            let v = x ^ (LO * u64::from(n));
            acc | (v.wrapping_sub(LO) & !v & HI)
        });
        if hit != 0 {
            if let Some(p) = chunk.iter().position(|b| needles.contains(b)) {
                return Some(base + p);
            }
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|b| needles.contains(b))
        .map(|p| base + p)
}

/// Byte spans of the paragraphs of `text`: blocks separated by blank lines.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0usize;
    let mut line_start = 0usize;
    let mut blank_run = false;
    // Only line breaks matter; jump from one to the next.
    while let Some(pos) = find_any(bytes, line_start, b"\n") {
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
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
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
