//! Who a phrase names: capitalised name runs ("Sen. Jane Doe"), descriptive noun phrases ("one diplomat", "the
//! mayor"), pronouns, and the subject of a sentence ("The Finance Ministry acknowledged …").
//!
//! No part-of-speech tagger: these are word-shape rules (capitals, determiners, "-ed" endings, a few closed word
//! lists), cheap enough to run on every sentence of a draft, and they err towards "no speaker" rather than a wrong
//! one.

pub(crate) use super::words::PRONOUNS;
use super::words::{
    auxiliary, connector, not_name, org_word, particle, speech_participle, speech_verb,
    AUXILIARIES, DETERMINERS, INSERTS, ROLES,
};

fn strip_punct(w: &str) -> &str {
    let ends_alphanumeric = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if ends_alphanumeric(w.as_bytes().first()) && ends_alphanumeric(w.as_bytes().last()) {
        // Nothing to strip (most words): no character decoded.
        return w;
    }
    w.trim_matches(|c: char| {
        matches!(
            c,
            ',' | ':'
                | ';'
                | '.'
                | '!'
                | '?'
                | '”'
                | '“'
                | '"'
                | '’'
                | '‘'
                | '\''
                | '('
                | ')'
                | '—'
                | '–'
        )
    })
}

fn is_cap(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// `text.split(' ')` (the same pieces, empty ones included) as a plain byte loop: `str::split` calls `memchr`
/// and `memcmp` for every piece, which shows in profiles when the pieces are words of a few bytes.
pub(crate) fn split_spaces(text: &str) -> SplitSpaces<'_> {
    SplitSpaces { rest: Some(text) }
}

/// The iterator of [`split_spaces`].
pub(crate) struct SplitSpaces<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for SplitSpaces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == b' ') {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => self.rest.take(),
        }
    }
}

impl DoubleEndedIterator for SplitSpaces<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let rest = self.rest?;
        match rest.bytes().rposition(|b| b == b' ') {
            Some(i) => {
                self.rest = rest.get(..i);
                rest.get(i + 1..)
            }
            None => self.rest.take(),
        }
    }
}

/// A run of capitalised words (with titles like "Sen." and particles like "de") starting at `pos`.
pub(crate) fn name_at(text: &str, pos: usize) -> Option<String> {
    let rest = text.get(pos..)?;
    let mut words = Vec::new();
    for w in split_spaces(rest) {
        let clean = w.trim_end_matches([',', ':', ';', '.', '!', '?', '”', '"', '’', '\'']);
        let particle = particle(clean) || connector(clean);
        if clean.is_empty()
            || !(is_cap(clean) || (particle && !words.is_empty()))
            || words.len() >= 7
        {
            break;
        }
        // A title keeps its full stop ("Sen. Smith"); any other punctuation ends the name.
        let titled = is_title(clean) && w.get(clean.len()..clean.len() + 1) == Some(".");
        words.push(if titled { &w[..clean.len() + 1] } else { clean });
        if clean.len() != w.len() && !is_title(clean) {
            break;
        }
    }
    while words.first().is_some_and(|w| not_name(w)) {
        words.remove(0);
    }
    while words.last().is_some_and(|w| particle(w) || connector(w)) {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

pub(crate) fn is_title(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs" | "Ms" | "Dr" | "Sen" | "Rep" | "Gov" | "Gen" | "Prof" | "St" | "Lt" | "Col"
    )
}

/// The name ending right before byte `end` ("John Smith" in "John Smith said").
pub(crate) fn name_before(text: &str, end: usize) -> Option<String> {
    let head = text.get(..end)?.trim_end();
    let mut taken: Vec<&str> = Vec::new();
    let mut skipping = true;
    for w in split_spaces(head).rev() {
        let w = w.trim_start_matches(['“', '"', '(']);
        if skipping && taken.is_empty() && INSERTS.contains(&w) {
            continue;
        }
        // "Netanyahu, however, said": the subject's comma belongs to the skipped insert.
        let w = if skipping && taken.is_empty() {
            w.trim_end_matches(',')
        } else {
            w
        };
        skipping = false;
        let connector = connector(w) && !taken.is_empty();
        if !(is_cap(w) || connector) || taken.len() >= 7 || w.ends_with(',') || not_name(w) {
            break;
        }
        taken.push(w);
    }
    while taken.last().is_some_and(|w| connector(w)) {
        taken.pop();
    }
    taken.reverse();
    (!taken.is_empty()).then(|| taken.join(" "))
}

/// Capitalised runs of at least two words in `text` that are not at a sentence-initial function word: the people
/// and bodies a draft mentions ("Rep. Ilhan Omar"), remembered so that a later bare surname resolves.
pub(crate) fn names_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Most sentences hold no two capitalised words in a row: one pass says so before any run is built.
    if !has_capitalised_pair(text) {
        return out;
    }
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<String>| {
        while run.first().is_some_and(|w| not_name(w) || connector(w)) {
            run.remove(0);
        }
        while run.last().is_some_and(|w| connector(w)) {
            run.pop();
        }
        if run.len() >= 2 {
            out.push(run.join(" "));
        }
        run.clear();
    };
    for w in split_spaces(text) {
        if w.starts_with('(') {
            flush(&mut run, &mut out);
            continue;
        }
        let clean = strip_punct(w);
        let cap = is_cap(clean)
            && if clean.is_ascii() {
                clean.bytes().skip(1).any(|b| b.is_ascii_lowercase())
            } else {
                clean.chars().skip(1).any(char::is_lowercase)
            };
        if cap || (connector(clean) && !run.is_empty()) {
            let titled = is_title(clean) && w.ends_with('.');
            run.push(if titled {
                w.trim_start_matches(['(', '“', '"'])
            } else {
                clean
            });
            if w.ends_with([',', '.', ';', ':', '!', '?', ')']) && !is_title(clean) {
                flush(&mut run, &mut out);
            }
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether two words of `text` (split on spaces) in a row open with a capital after any opening mark or bracket,
/// "of" and "for" between them allowed ("Secretary of State"): [`names_in`]'s test for a name in the sentence.
/// The scan jumps from space to space (`memchr`) and looks at the first bytes of each word.
fn has_capitalised_pair(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut caps_in_a_row = 0;
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b' ', bytes).map(|p| p + 1));
    for start in starts {
        let rest = bytes.get(start..).unwrap_or(&[]);
        let opens_cap = match rest.first() {
            // A letter or digit first (most words): no opening mark to skip.
            Some(b) if b.is_ascii_alphanumeric() => b.is_ascii_uppercase(),
            _ => {
                let len = memchr::memchr(b' ', rest).unwrap_or(rest.len());
                text.get(start..start + len).is_some_and(|w| {
                    w.trim_start_matches(['(', '“', '"', '‘'])
                        .starts_with(|c: char| c.is_uppercase())
                })
            }
        };
        if opens_cap {
            caps_in_a_row += 1;
            if caps_in_a_row >= 2 {
                return true;
            }
        } else {
            // Only "of" and "for" (whole words) keep a run going.
            let word_is =
                |w: &[u8]| rest.starts_with(w) && rest.get(w.len()).is_none_or(|&b| b == b' ');
            if !(word_is(b"of") || word_is(b"for")) {
                caps_in_a_row = 0;
            }
        }
    }
    false
}

/// The surname of a full name: its last word, a generational suffix ("Jr.", "III") skipped.
pub(crate) fn surname(name: &str) -> Option<&str> {
    name.split(' ')
        .rev()
        .map(|w| w.trim_end_matches(['.', ',']))
        .find(|w| !matches!(*w, "Jr" | "Sr" | "II" | "III" | "IV"))
}

/// A name without its leading titles ("Ms Persson" → "Persson", "Gov. Kristi Noem" → "Kristi Noem").
pub(crate) fn without_titles(name: &str) -> &str {
    let mut rest = name;
    while let Some((first, tail)) = rest.split_once(' ') {
        if is_title(first.trim_end_matches('.')) {
            rest = tail;
        } else {
            break;
        }
    }
    rest
}

/// How a phrase refers to a speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mention {
    /// A capitalised name ("Jane Ortiz", "Ortiz", "the IMF").
    Name(String),
    /// "he", "she", "they".
    Pronoun(String),
    /// A descriptive phrase ("the mayor", "one diplomat", "The Finance Ministry").
    Phrase(String),
}

/// The speaker phrase made of exactly `words` (the words between a quote and its speech verb, or before a verb):
/// a pronoun, a capitalised name, or a determiner phrase of at most six words. Anything else is not a speaker.
pub(crate) fn mention_of(words: &[&str]) -> Option<Mention> {
    // The words without punctuation, as an iterator walked a few times rather than a vector built per call:
    // this runs for most sentences of a draft, and most give no mention.
    let kept = || {
        words
            .iter()
            .map(|w| keep_title_stop(w))
            .filter(|w| !w.is_empty())
    };
    let first = kept().next()?;
    let count = kept().count();
    if count == 1 && PRONOUNS.contains(&first) {
        return Some(Mention::Pronoun(first.to_ascii_lowercase()));
    }
    if count > 6 {
        return None;
    }
    let joined = || {
        let mut out = String::new();
        for (i, w) in kept().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    };
    let all_cap = kept().all(|w| is_cap(w) || particle(w));
    if all_cap && !not_name(first) {
        return Some(Mention::Name(joined()));
    }
    // The determiners are lower-case ASCII: comparing without case is comparing the lower-cased word.
    if DETERMINERS.iter().any(|d| first.eq_ignore_ascii_case(d)) && count >= 2 {
        if kept()
            .skip(1)
            .any(|w| AUXILIARIES.contains(&w) || PRONOUNS.contains(&w))
        {
            return None;
        }
        return Some(Mention::Phrase(joined()));
    }
    None
}

/// The speaker in a clause that ends with an apposition ("On Monday, the People’s Daily, the mouthpiece of the
/// Communist party,"): the last comma-separated segment that names someone (a name, or a determiner phrase with a
/// capitalised word), else the last descriptive phrase; at most three segments back.
pub(crate) fn mention_in_segments(head: &[&str]) -> Option<Mention> {
    let mut segments: Vec<&[&str]> = Vec::new();
    let mut end = head.len();
    for i in (0..head.len()).rev() {
        if i + 1 < end && head[i].ends_with(',') {
            segments.push(&head[i + 1..end]);
            end = i + 1;
        }
    }
    segments.push(&head[..end]);
    // Best first: a name, then "the People’s Daily" (a proper name with its article), then a phrase with a
    // capitalised word, then a description; the segment nearest the verb wins a tie.
    let rank = |m: &Mention| match m {
        Mention::Name(_) => 3,
        Mention::Phrase(p) if p.split(' ').skip(1).all(is_cap) => 2,
        Mention::Phrase(p) if p.split(' ').skip(1).any(is_cap) => 1,
        _ => 0,
    };
    let mut best: Option<Mention> = None;
    for seg in segments.into_iter().filter(|s| !s.is_empty()).take(3) {
        if let Some(m) = mention_of(seg).filter(|m| !matches!(m, Mention::Pronoun(_))) {
            if best.as_ref().is_none_or(|b| rank(&m) > rank(b)) {
                best = Some(m);
            }
        }
    }
    best
}

/// `w` without punctuation, except the full stop of a title ("Gov.").
fn keep_title_stop(w: &str) -> &str {
    let clean = strip_punct(w);
    // `clean` is a subslice of `w`: its offset is the distance between the two starts (no search).
    let at = clean.as_ptr() as usize - w.as_ptr() as usize;
    if is_title(clean) && w.get(at + clean.len()..at + clean.len() + 1) == Some(".") {
        w.get(at..at + clean.len() + 1).unwrap_or(clean)
    } else {
        clean
    }
}

/// The words of `text` as (start, word) pairs split on spaces.
pub(crate) fn words_with_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for w in split_spaces(text) {
        if !w.is_empty() {
            out.push((at, w));
        }
        at += w.len() + 1;
    }
    out
}

/// Whether a lower-case word looks like the verb that ends a subject ("rejected", "has", "says").
fn verb_like(w: &str) -> bool {
    let w = strip_punct(w);
    auxiliary(w) || speech_verb(w) || (w.len() > 4 && w.ends_with("ed") && !is_cap(w))
}

/// The subject of a sentence: the name or determiner phrase it opens with, up to its first verb ("The mayor" in
/// "The mayor rejected the plan"). `None` when the sentence does not open that way within six words.
pub(crate) fn subject_of(text: &str) -> Option<Mention> {
    let trimmed =
        text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '‘'));
    // The first eight words, on the stack: this runs for every sentence of a draft.
    let mut first = [""; 8];
    let mut n = 0;
    for (slot, w) in first
        .iter_mut()
        .zip(split_spaces(trimmed).filter(|w| !w.is_empty()))
    {
        *slot = w;
        n += 1;
    }
    let words = &first[..n];
    for (i, w) in words.iter().enumerate().take(7).skip(1) {
        let prev = words[i - 1];
        // The marks are '"' or start with the byte 0xE2: a byte test before any character is decoded.
        let may_quote = prev.bytes().any(|b| b == b'"' || b == 0xE2);
        if may_quote && prev.contains(['”', '"', '’', '“']) {
            // The sentence opens inside a quotation ("OUT,” Noem tweeted"): its first words are no subject.
            return None;
        }
        if w.ends_with(',') && !verb_like(w) {
            // "The mayor, a Democrat, said" — the subject is what came before the comma.
            return mention_of(&words[..=i]).filter(|m| !matches!(m, Mention::Pronoun(_)));
        }
        if !is_cap(w) && verb_like(w) {
            return mention_of(&words[..i]);
        }
    }
    None
}

/// Whether a name or phrase is an organisation (or acronym), which "he"/"she" never stands for.
pub(crate) fn is_org(name: &str) -> bool {
    split_spaces(name)
        .any(|w| org_word(w) || (w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase())))
}

/// The role a name or phrase carries ("mayor" for "Mayor Jane Ortiz" or "the mayor"), if one of [`ROLES`].
pub(crate) fn role_of(name: &str) -> Option<&'static str> {
    // The roles are lower-case ASCII: comparing without case is comparing the lower-cased word.
    split_spaces(name).find_map(|w| ROLES.iter().find(|r| w.eq_ignore_ascii_case(r)).copied())
}

/// Whether `w` (punctuation stripped) is a speech verb.
pub(crate) fn is_speech_verb(w: &str) -> bool {
    speech_verb(strip_punct(w))
}

/// Whether `w` (punctuation stripped) is a speech participle ("declaring").
pub(crate) fn is_speech_participle(w: &str) -> bool {
    speech_participle(strip_punct(w))
}

/// `w` without surrounding punctuation and quotation marks.
pub(crate) fn bare(w: &str) -> &str {
    strip_punct(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_of_news_sentences() {
        assert_eq!(
            subject_of("The mayor rejected the plan, declaring that it is late."),
            Some(Mention::Phrase("The mayor".into()))
        );
        assert_eq!(
            subject_of("The Finance Ministry acknowledged that revenue fell."),
            Some(Mention::Phrase("The Finance Ministry".into()))
        );
        assert_eq!(
            subject_of("His cabinet did, however, signal a readiness to talk."),
            Some(Mention::Phrase("His cabinet".into()))
        );
        assert_eq!(
            subject_of("Maria Lopez opened the clinic in May."),
            Some(Mention::Name("Maria Lopez".into()))
        );
        assert_eq!(subject_of("In May the clinic opened."), None);
    }

    #[test]
    fn mentions() {
        assert_eq!(
            mention_of(&["one", "diplomat"]),
            Some(Mention::Phrase("one diplomat".into()))
        );
        assert_eq!(mention_of(&["she"]), Some(Mention::Pronoun("she".into())));
        assert_eq!(
            mention_of(&["Jane", "Ortiz"]),
            Some(Mention::Name("Jane Ortiz".into()))
        );
        assert_eq!(mention_of(&["the", "plan", "was"]), None);
        assert!(is_org("Finance Ministry") && is_org("the IMF") && !is_org("Jane Ortiz"));
        assert_eq!(role_of("Mayor Jane Ortiz"), Some("mayor"));
    }
}
