//! Rule-based English sentence segmentation.
//!
//! The rules follow the "Golden Rules" of pragmatic_segmenter (abbreviations, initials, decimals, ellipses,
//! quotations, lists, errant newlines) but are implemented as a single forward scan over the bytes, so that
//! segmentation stays far above 20 MB/s. Every decision looks only at a few characters around a terminator and at
//! the word before it; nothing here can panic on arbitrary UTF-8 because every slice is taken at a position that
//! was produced by `char_indices` or by matching an ASCII byte.
//!
//! This module holds the sentence type, the public entry points, the text normalisation of a span and the
//! forward scan that collects the cut positions; the scan delegates each decision to a sibling: `lists` (the
//! enumerated-list pre-pass), `terminators` (whether a '.', '!', '?' or '…' ends a sentence), `words`
//! (abbreviations and the class of the word before a period) and `chars` (the character classes and cursor
//! helpers they share).

mod chars;
mod lists;
mod terminators;
mod words;

use serde::{Deserialize, Serialize};

use chars::{char_at, char_before, is_bullet, skip_ws};
use lists::find_list_marks;
use terminators::take_terminator;

/// One sentence of the imported plain text.
///
/// `start..end` are **UTF-8 byte offsets** into the text that was segmented (the `text` of an
/// `claimdesk_text::import::ImportedDraft`); the facade converts them to UTF-16 code units once, at the IPC boundary.
/// `text` is [`sentence_text`]`(&text[start..end])`: each whitespace run that contains a line break, a tab or
/// another Unicode space folded into one space (a sentence wrapped over two lines reads as one line), soft hyphens
/// and zero-width characters dropped; it is never longer than the slice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The sentence, trimmed, normalised by [`sentence_text`].
    pub text: String,
    /// Byte offset of the first character of the sentence.
    pub start: usize,
    /// Byte offset just past the last character of the sentence.
    pub end: usize,
}

/// Splits `text` into trimmed sentences with byte offsets into `text`.
///
/// Paragraph breaks (a blank line) always end a sentence; a single line break ends one unless it looks like a
/// line wrapped in the middle of a sentence (the sentence began with a capital and the next line starts in lower
/// case). Empty input gives an empty vector.
pub fn segment(text: &str) -> Vec<Sentence> {
    sentence_spans(text)
        .into_iter()
        .map(|(start, end)| Sentence {
            text: sentence_text(text.get(start..end).unwrap_or("")),
            start,
            end,
        })
        .collect()
}

/// The byte spans of [`segment`]'s sentences, without building their folded text: for whole source snapshots
/// (a megabyte and more on every evidence request), where only the spans are needed.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let cuts = find_cuts(text);
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts.into_iter().chain(std::iter::once(text.len())) {
        if cut <= from {
            continue;
        }
        if let Some(span) = trimmed_span(text, from, cut) {
            out.push(span);
        }
        from = cut;
    }
    out
}

/// The trimmed span of `text[from..to]`, or `None` when the range holds only whitespace.
fn trimmed_span(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let slice = text.get(from..to)?;
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = from + lead;
    Some((start, start + trimmed.len()))
}

/// The one normalised text of a span of a draft or snapshot: what [`Sentence::text`] holds, what a stored claim's
/// text is, and what the store checks a claim's text against (`sentence_text(&text[start..end])`).
///
/// Every whitespace run that contains anything but U+0020 (a line break, a tab, a no-break space U+00A0, a thin
/// space U+2009, a narrow no-break space U+202F, any other Unicode space) becomes one space; a run of plain spaces
/// is kept as it is. Invisible characters that only affect line breaking are dropped: the soft hyphen U+00AD, the
/// zero-width space U+200B, the word joiner U+2060 and U+FEFF. The result is never longer than `span`, and the
/// offsets stay those of the span in the original text.
pub fn sentence_text(span: &str) -> String {
    // '\t', '\n', 0x0b, 0x0c, '\r' are the bytes 9..=13; a fold without early exit lets the compiler test many
    // bytes at once.
    let special = span
        .bytes()
        .fold(false, |any, b| any | (b.wrapping_sub(9) < 5) | (b >= 0x80));
    if !special {
        return span.to_string();
    }
    let mut out = String::with_capacity(span.len());
    let mut run = String::new();
    let mut run_plain = true;
    for c in span.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            run.push(c);
            run_plain &= c == ' ';
            continue;
        }
        if !run.is_empty() {
            if run_plain {
                out.push_str(&run);
            } else {
                out.push(' ');
            }
            run.clear();
            run_plain = true;
        }
        out.push(c);
    }
    // A span is trimmed, but a caller may pass any slice: a trailing run folds the same way.
    if !run.is_empty() {
        if run_plain {
            out.push_str(&run);
        } else {
            out.push(' ');
        }
    }
    out
}

/// Characters [`sentence_text`] drops: they are invisible and only affect where a line may break.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Returns the sorted byte positions where a sentence ends.
fn find_cuts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    // Only texts that contain a marker-like "1." or "a." at a token start pay for the list pass.
    let lists = find_list_marks(text);
    let mut cuts: Vec<usize> = Vec::new();
    let mut cut_before = lists.cut_before.iter().copied().peekable();
    let mut last_cut = 0usize;
    let mut sentence_start = 0usize;
    let mut i = 0;
    loop {
        // Skip ordinary bytes in a tight loop; only these bytes can end a sentence or start a bullet item.
        while i < b.len() && !INTERESTING[b[i] as usize] {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        while let Some(&p) = cut_before.peek() {
            if p > i {
                break;
            }
            cut_before.next();
            if has_content(text, last_cut, p) {
                cuts.push(p);
                last_cut = p;
                sentence_start = p;
            }
        }
        let c = b[i];
        match c {
            b'\n' | b'\r' => {
                let (next, breaks) = skip_ws(text, i);
                let next_char = char_at(text, next);
                let first = first_char(text, sentence_start, i);
                let wrapped = breaks == 1
                    && matches!(next_char, Some(n) if n.is_lowercase())
                    && matches!(first, Some(f) if !f.is_lowercase());
                if !wrapped && has_content(text, last_cut, i) {
                    cuts.push(i);
                    last_cut = i;
                    sentence_start = next;
                }
                i = next.max(i + 1);
            }
            b'.' | b'!' | b'?' => {
                if c == b'.' && lists.marker_periods.binary_search(&i).is_ok() {
                    i += 1;
                    continue;
                }
                i = take_terminator(text, i, &mut cuts, &mut last_cut, &mut sentence_start);
            }
            0xE2 => {
                // U+2026 "…" is E2 80 A6; bullets "•" E2 80 A2 and "⁃" E2 81 83 start list items.
                match char_at(text, i) {
                    Some('…') => {
                        i = take_terminator(text, i, &mut cuts, &mut last_cut, &mut sentence_start);
                    }
                    Some(ch) if is_bullet(ch) => {
                        let before_ok = char_before(text, i).is_none_or(char::is_whitespace);
                        if before_ok && has_content(text, last_cut, i) {
                            cuts.push(i);
                            last_cut = i;
                            sentence_start = i;
                        }
                        i += ch.len_utf8();
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    // List items after the last terminator still start new sentences.
    for p in cut_before {
        if has_content(text, last_cut, p) {
            cuts.push(p);
            last_cut = p;
        }
    }
    cuts
}

/// Bytes the main scan stops at: line breaks, terminators and the lead byte of "…" and the bullets.
const INTERESTING: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true;
    t
};

fn has_content(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|s| !s.trim().is_empty())
}

fn first_char(text: &str, from: usize, to: usize) -> Option<char> {
    text.get(from..to)
        .and_then(|s| s.trim_start().chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        segment(s).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn sentence_text_folds_unicode_spaces_and_drops_soft_hyphens() {
        assert_eq!(sentence_text("3.9\u{a0}percent"), "3.9 percent");
        assert_eq!(sentence_text("4\u{2009}200\u{202f}000"), "4 200 000");
        assert_eq!(
            sentence_text("extra\u{ad}ordinary\u{200b}"),
            "extraordinary"
        );
        assert_eq!(
            sentence_text("two  spaces\n\tand a break"),
            "two  spaces and a break"
        );
        assert_eq!(sentence_text("plain text"), "plain text");
        let t = "Rates fell\u{a0}to 3\u{202f}% in May.\u{a0}Prices rose\u{ad}sharply.";
        for s in segment(t) {
            assert_eq!(sentence_text(&t[s.start..s.end]), s.text);
            assert!(
                !s.text.contains(['\u{a0}', '\u{202f}', '\u{ad}']),
                "{:?}",
                s.text
            );
        }
    }

    #[test]
    fn offsets_point_into_the_input() {
        let t = "  Dr. Smith arrived.\n\nHe left at 5 p.m. The end.  ";
        for s in segment(t) {
            assert_eq!(sentence_text(&t[s.start..s.end]), s.text);
        }
        assert_eq!(
            texts(t),
            vec!["Dr. Smith arrived.", "He left at 5 p.m.", "The end."]
        );
    }

    #[test]
    fn headings_and_empty_input() {
        assert!(segment("").is_empty());
        assert!(segment(" \n\t ").is_empty());
        assert_eq!(
            texts("Budget 2026\nThe deficit fell by 3%."),
            vec!["Budget 2026", "The deficit fell by 3%."]
        );
    }
}
