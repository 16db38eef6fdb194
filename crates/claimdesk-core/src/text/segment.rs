//! Rule-based English sentence segmentation.
//!
//! The rules follow the "Golden Rules" of pragmatic_segmenter (abbreviations, initials, decimals, ellipses,
//! quotations, lists, errant newlines) but are implemented as a single forward scan over the bytes, so that
//! segmentation stays far above 20 MB/s. Every decision looks only at a few characters around a terminator and at
//! the word before it; nothing here can panic on arbitrary UTF-8 because every slice is taken at a position that
//! was produced by `char_indices` or by matching an ASCII byte.

use serde::{Deserialize, Serialize};

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
    if !span
        .bytes()
        .any(|b| b == b'\n' || b == b'\r' || b == b'\t' || b == 0x0b || b == 0x0c || b >= 0x80)
    {
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

/// Characters that may close a quotation or parenthesis right after a terminator (`defended.”`).
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '›')
}

/// Characters that may open a quotation before the first word of a sentence.
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹')
}

/// List bullets that start a new item even in the middle of a line (rule 37/38).
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '▪' | '◦' | '‣')
}

/// Words that, after an ambiguous abbreviation such as "U.S." or an initial, show that a new sentence began.
/// (The same idea as pySBD's and pragmatic_segmenter's sentence-starter list.)
const STARTERS: &[&str] = &[
    "A", "After", "And", "As", "At", "Being", "But", "Did", "For", "He", "Her", "His", "How",
    "However", "I", "If", "In", "It", "Its", "Many", "Millions", "More", "Most", "Now", "Our",
    "She", "So", "Some", "That", "The", "There", "They", "This", "We", "What", "When", "Where",
    "Who", "Why", "Yet", "You",
];

/// Abbreviations that precede a name or number and so never end a sentence ("Dr. Smith", "Mt. Fuji").
const PREPOSITIVE: &[&str] = &[
    "adm", "atty", "brig", "capt", "cmdr", "col", "cpl", "dr", "fr", "gen", "gov", "hon", "lt",
    "maj", "messrs", "mlle", "mme", "mr", "mrs", "ms", "mt", "pres", "prof", "rep", "rev", "sen",
    "sgt", "sr", "st", "supt", "v", "vs",
];

/// Other common abbreviations: they end a sentence only when a capitalised word follows ("& Co. It closed").
const ABBREVIATIONS: &[&str] = &[
    "al", "apr", "approx", "art", "assn", "aug", "ave", "blvd", "bros", "ca", "cf", "ch", "cir",
    "co", "corp", "dec", "dept", "dist", "e.g", "est", "etc", "ext", "feb", "fig", "figs", "fri",
    "ft", "hwy", "i.e", "inc", "jan", "jr", "jul", "jun", "lb", "lbs", "llc", "ltd", "mar", "min",
    "mon", "mo", "mph", "no", "n°", "nos", "nov", "nr", "oct", "op", "oz", "p", "para", "ph.d",
    "pl", "pp", "rd", "sat", "sec", "sep", "sept", "sq", "sun", "tel", "thu", "thurs", "tue",
    "tues", "u.s", "univ", "vol", "vols", "wed", "yr", "yrs",
];

/// The class of the word before a period, which decides how the following word is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// An ordinary word or number.
    Plain,
    /// "Dr", "Mt": a name follows.
    Prepositive,
    /// "Co", "Jan", "p": ends a sentence only before a capital.
    Abbreviation,
    /// A single upper-case letter: an initial ("Albert I. Jones") or the pronoun ("you and I.").
    Initial,
    /// A single lower-case letter ("p. 55").
    Letter,
    /// "U.S", "E.U", "a.m": letters separated by periods.
    MultiPeriod,
    /// "A.M" / "P.M" in capitals: before a capital it ends the sentence (rule 18).
    UpperAmPm,
}

fn classify(word: &str) -> WordClass {
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return WordClass::Initial;
        }
        if c.is_lowercase() {
            return WordClass::Letter;
        }
        return WordClass::Plain;
    }
    if word.len() > 12 {
        return WordClass::Plain;
    }
    let lower = word.to_lowercase();
    if PREPOSITIVE.contains(&lower.as_str()) {
        return WordClass::Prepositive;
    }
    if word == "A.M" || word == "P.M" {
        return WordClass::UpperAmPm;
    }
    if is_multi_period(word) {
        return WordClass::MultiPeriod;
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return WordClass::Abbreviation;
    }
    WordClass::Plain
}

/// `U.S`, `e.g`, `a.m`: single letters joined by periods (the final period is the terminator being examined).
fn is_multi_period(word: &str) -> bool {
    let mut expect_letter = true;
    let mut letters = 0;
    for c in word.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
        } else if c != '.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    letters >= 2 && !expect_letter
}

/// The first word starting at `pos` (letters, digits, apostrophes), used to look it up among the starters.
fn word_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric()))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

/// Skips whitespace from `pos`; returns the new position and the number of line breaks crossed.
fn skip_ws(text: &str, pos: usize) -> (usize, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let mut newlines = 0;
    for (i, c) in rest.char_indices() {
        if !c.is_whitespace() {
            return (pos + i, newlines);
        }
        if c == '\n' {
            newlines += 1;
        }
    }
    (text.len(), newlines)
}

/// Positions found by the list pre-pass: where an item starts mid-line, and which periods belong to markers.
#[derive(Default)]
struct ListMarks {
    cut_before: Vec<usize>,
    marker_periods: Vec<usize>,
}

/// One candidate list marker: "1." / "1)" / "1.)" / "a.".
#[derive(Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Dot,
    Paren,
    DotParen,
    Letter,
}

/// Finds enumerated list markers. A marker at the start of a line (or right after a bullet) always counts; a
/// marker in the middle of a line counts only when it continues the sequence of the previous marker
/// ("1. The first item 2. The second item"), which keeps "in 2. The" prose readings rare.
fn find_list_marks(text: &str) -> ListMarks {
    let b = text.as_bytes();
    let mut marks = ListMarks::default();
    let mut last: Option<(MarkerKind, u32)> = None;
    // Every marker ends in '.' or ')', so only those bytes (found with memchr) are examined, not every byte.
    for p in memchr::memchr2_iter(b'.', b')', b) {
        if b[p] == b'.' && b.get(p + 1) == Some(&b')') {
            continue; // "1.)" is handled at its ')'.
        }
        let digits_end = if b[p] == b')' && p > 0 && b[p - 1] == b'.' {
            p - 1
        } else {
            p
        };
        let mut s = digits_end;
        while s > 0 && digits_end - s < 2 && b[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if s == digits_end {
            // No digits: a single lower-case letter ("a.")?
            if s > 0 && b[s - 1].is_ascii_lowercase() && b[p] == b'.' {
                s -= 1;
            } else {
                continue;
            }
        }
        let at_token_start =
            s == 0 || b[s - 1].is_ascii_whitespace() || (b[s - 1] >= 0x80 && after_bullet(text, s));
        if !at_token_start {
            continue;
        }
        let Some((kind, n, period, _len)) = parse_marker(b, s) else {
            continue;
        };
        let starts_line = after_bullet(text, s) || starts_line(text, s);
        let continues = matches!(last, Some((k, m)) if k == kind && m + 1 == n);
        let accept = if starts_line {
            kind != MarkerKind::Letter || n == 1 || continues
        } else {
            continues
        };
        if accept {
            if !starts_line {
                marks.cut_before.push(s);
            }
            if let Some(p) = period {
                marks.marker_periods.push(p);
            }
            last = Some((kind, n));
        }
    }
    marks
}

/// True when only spaces, tabs and bullets separate byte `s` from the start of its line.
fn starts_line(text: &str, s: usize) -> bool {
    for c in text.get(..s).unwrap_or("").chars().rev() {
        match c {
            '\n' => return true,
            ' ' | '\t' => {}
            c if is_bullet(c) => {}
            _ => return false,
        }
    }
    true
}

fn after_bullet(text: &str, i: usize) -> bool {
    let mut before = text.get(..i).unwrap_or("").chars().rev();
    match before.next() {
        Some(c) if is_bullet(c) => true,
        Some(' ') => matches!(before.next(), Some(c) if is_bullet(c)),
        _ => false,
    }
}

/// Parses a list marker at `i`; returns its kind, ordinal, the byte of its period (if any) and its length.
fn parse_marker(b: &[u8], i: usize) -> Option<(MarkerKind, u32, Option<usize>, usize)> {
    let space_at = |j: usize| b.get(j).is_some_and(|&c| c == b' ' || c == b'\t');
    let first = *b.get(i)?;
    if first.is_ascii_lowercase() {
        // "a. " — a single letter, a period, a space.
        if b.get(i + 1) == Some(&b'.') && space_at(i + 2) {
            return Some((
                MarkerKind::Letter,
                u32::from(first - b'a') + 1,
                Some(i + 1),
                2,
            ));
        }
        return None;
    }
    let mut j = i;
    let mut n: u32 = 0;
    while j < b.len() && b[j].is_ascii_digit() && j - i < 2 {
        n = n * 10 + u32::from(b[j] - b'0');
        j += 1;
    }
    if j < b.len() && b[j].is_ascii_digit() {
        return None;
    }
    match (b.get(j), b.get(j + 1)) {
        (Some(b'.'), Some(b')')) if space_at(j + 2) => {
            Some((MarkerKind::DotParen, n, Some(j), j + 2 - i))
        }
        (Some(b')'), _) if space_at(j + 1) => Some((MarkerKind::Paren, n, None, j + 1 - i)),
        (Some(b'.'), _) if space_at(j + 1) => Some((MarkerKind::Dot, n, Some(j), j + 1 - i)),
        _ => None,
    }
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

/// Cuts after the terminator at `i` ('.', '!', '?' or '…') when [`at_terminator`] says it ends a sentence, and
/// returns where scanning resumes.
fn take_terminator(
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

/// The word before the terminator at `i`, back to whitespace, an opening bracket/quote, or the last cut.
fn word_before(text: &str, i: usize, last_cut: usize) -> &str {
    let from = last_cut.min(i);
    let slice = text.get(from..i).unwrap_or("");
    let start = slice
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘' | '\'' | '—' | '–')
        })
        .map_or(0, |(p, c)| p + c.len_utf8());
    &slice[start..]
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
