//! Terminator decisions: whether a '.', '!', '?' or '…' (or a spaced ". . .") ends a sentence, from the
//! characters around it and the class of the word before it, and where the cut falls (after any closing quotes).
//!
//! This is where the golden rules on abbreviations, initials, decimals, ellipses, URLs and quotations are
//! applied; the scan in the parent module only finds the terminators.

use super::chars::{char_at, char_before, is_closer, is_opener, skip_ws};
use super::words::{classify, word_at, word_before, WordClass, STARTERS};

/// Cuts after the terminator at `i` ('.', '!', '?' or '…') when [`at_terminator`] says it ends a sentence, and
/// returns where scanning resumes.
pub(super) fn take_terminator(
    text: &str,
    i: usize,
    cuts: &mut Vec<usize>,
    last_cut: &mut usize,
    sentence_start: &mut usize,
) -> usize {
    let (cut, resume) = at_terminator(text, i, *last_cut);
    if let Some(p) = cut.filter(|&p| p > *last_cut) {
        cuts.push(p);
        *last_cut = p;
        *sentence_start = p;
    }
    resume.max(i + 1)
}

/// Decides whether the terminator at `i` ends a sentence. Returns the cut position (if any) and where to resume.
fn at_terminator(text: &str, i: usize, last_cut: usize) -> (Option<usize>, usize) {
    let b = text.as_bytes();
    // Spaced ellipsis ". . ." gets its own rules (golden rules 46, 48, 50, 51).
    if b.get(i) == Some(&b'.') && b.get(i + 1) == Some(&b' ') && b.get(i + 2) == Some(&b'.') {
        return spaced_ellipsis(text, i);
    }
    // Contiguous run of terminators: "!!", "?!", "....", "…".
    let mut j = i;
    let mut dots = 0;
    let mut has_bang = false;
    let mut ellipsis = false;
    while let Some(c) = char_at(text, j) {
        match c {
            '.' => dots += 1,
            '!' | '?' => has_bang = true,
            '…' => ellipsis = true,
            _ => break,
        }
        j += c.len_utf8();
    }
    while let Some(c) = char_at(text, j) {
        if !is_closer(c) {
            break;
        }
        j += c.len_utf8();
    }
    let after_closers = j;
    let (next, _) = skip_ws(text, after_closers);
    let had_ws = next > after_closers;
    let Some(next_char) = char_at(text, next) else {
        return (Some(after_closers), after_closers);
    };
    // Skip opening quotes to see the first letter of the next sentence.
    let mut k = next;
    while let Some(c) = char_at(text, k) {
        if !is_opener(c) {
            break;
        }
        k += c.len_utf8();
    }
    let first = char_at(text, k).unwrap_or(next_char);
    let upper = first.is_uppercase();
    let cut = Some(after_closers);

    if !had_ws {
        // "world.Today", "1,000.That" end sentences; "U.S.A.", "Jr.'s", "example.com", "100.00" do not.
        if !upper || is_url_or_email(text, i) {
            return (None, after_closers);
        }
        if has_bang || ellipsis || dots > 1 {
            return (cut, after_closers);
        }
        let word = word_before(text, i, last_cut);
        let plain = classify(word) == WordClass::Plain && word.chars().count() >= 2;
        return (if plain { cut } else { None }, after_closers);
    }
    if first.is_lowercase() {
        return (None, after_closers);
    }
    if has_bang {
        return (cut, after_closers);
    }
    if ellipsis || dots > 1 {
        return (if upper { cut } else { None }, after_closers);
    }
    // A single period followed by whitespace.
    if !(upper || first.is_ascii_digit()) {
        // "(Smith 55)", "— next": punctuation does not start a sentence.
        return (None, after_closers);
    }
    let word = word_before(text, i, last_cut);
    if is_url_or_email(text, i) {
        return (cut, after_closers);
    }
    let class = classify(word);
    let digit = first.is_ascii_digit();
    let decision = match class {
        WordClass::Plain => true,
        WordClass::Prepositive => false,
        WordClass::Abbreviation | WordClass::Letter => !digit,
        WordClass::UpperAmPm => !digit,
        WordClass::Initial | WordClass::MultiPeriod => {
            !digit && STARTERS.contains(&word_at(text, k))
        }
    };
    (if decision { cut } else { None }, after_closers)
}

/// True when the whitespace-delimited token around `i` is a URL or an e-mail address.
fn is_url_or_email(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or("");
    let start = before.rfind(char::is_whitespace).map_or(0, |p| p + 1);
    let after = text.get(i..).unwrap_or("");
    let end = after
        .find(char::is_whitespace)
        .map_or(text.len(), |p| i + p);
    let token = text.get(start..end).unwrap_or("");
    token.contains('@') || token.contains("://") || token.starts_with("www.")
}

/// Handles ". . ." and ". . . .": three spaced dots after a space are an ellipsis inside a sentence; a fourth dot,
/// or dots attached to the previous word, end the sentence when a capital follows.
fn spaced_ellipsis(text: &str, i: usize) -> (Option<usize>, usize) {
    let b = text.as_bytes();
    let mut j = i;
    let mut count = 0;
    loop {
        if b.get(j) != Some(&b'.') {
            break;
        }
        count += 1;
        j += 1;
        if b.get(j) == Some(&b' ') && b.get(j + 1) == Some(&b'.') {
            j += 1;
        } else {
            break;
        }
    }
    while let Some(c) = char_at(text, j) {
        if !is_closer(c) {
            break;
        }
        j += c.len_utf8();
    }
    let run_end = j;
    let attached = char_before(text, i).is_some_and(|c| !c.is_whitespace());
    let (next, _) = skip_ws(text, run_end);
    let upper = char_at(text, next).is_some_and(char::is_uppercase);
    if !upper {
        return (None, run_end);
    }
    match (attached, count) {
        // "compounds. . . . The practice": the first dot ends the sentence, the ellipsis opens the next one.
        (true, n) if n >= 4 => (Some(i + 1), run_end),
        (true, _) => (Some(run_end), run_end),
        (false, n) if n >= 4 => (Some(run_end), run_end),
        _ => (None, run_end),
    }
}
