//! Quotations and who said them: the one quote finder of the product.
//!
//! The detector shows these quotes in the claim detail and the evidence step checks these same quotes against a
//! source, so what an editor reads as "the quote" is what is checked. Speakers are found in the attribution forms
//! of news copy (`attribution`), from the words of `names`, and resolved across sentences ("she", "the mayor", a
//! surname) against the names seen so far ([`SpeakerContext`]); when that is not safe, the speaker is `None` and
//! the likeliest candidate is named instead.

mod attribution;
mod context;
mod names;
mod words;

use serde::{Deserialize, Serialize};

pub use attribution::{according_to, attributed_source};
pub use context::{Resolution, SpeakerContext};
pub use words::SPEECH_VERBS;

use attribution::{speaker_for_quote, QuoteSite};

/// A quotation inside a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Who said it: a name next to a speech verb, "according to X", or a pronoun resolved to the one person named
    /// in the preceding sentences. `None` when no speaker can be found safely.
    pub speaker: Option<String>,
    /// Byte offset of the first quoted character (into the text given to [`find_quotes`] or
    /// [`quotes_in`]; callers that analyse a whole draft shift it to the draft).
    pub start: usize,
    /// Byte offset just past the last quoted character.
    pub end: usize,
    /// Index of the sentence that names the speaker in full (counted by [`SpeakerContext::next_sentence`]): this
    /// sentence, or an earlier one when "she", "the mayor" or a surname was resolved. `None` without a speaker.
    #[serde(default)]
    pub speaker_sentence: Option<usize>,
    /// The words of this sentence that stand for the speaker ("she", "the mayor"), when they differ from
    /// `speaker`, or when they could not be resolved.
    #[serde(default)]
    pub speaker_mention: Option<String>,
    /// When `speaker` is `None` because the mention fits several people: the most recently named of them
    /// (shown as "unresolved", never as the speaker).
    #[serde(default)]
    pub speaker_candidate: Option<String>,
    /// The quotation began in an earlier sentence (no opening mark here).
    #[serde(default)]
    pub opened_before: bool,
    /// The quotation runs on into the next sentence (no closing mark here).
    #[serde(default)]
    pub open_after: bool,
}

/// A quotation shorter than this many words is kept only when it has a speaker: a two-word scare quote is not a
/// quotation anyone needs to check.
pub const MIN_QUOTE_WORDS: usize = 3;

/// The quotations of one sentence on its own (no pronoun resolution across sentences).
pub fn find_quotes(sentence: &str) -> Vec<Quote> {
    quotes_in(
        sentence,
        &SpeakerContext::default(),
        mentions_according_to(sentence),
    )
}

/// The quotations of `sentence` with their speakers, resolving pronouns against `context` (read only: the
/// caller records the speakers with [`SpeakerContext::note`] once it has decided the sentence's source).
/// `has_according` says the sentence contains "according to", so a quote without a speaker next to it takes
/// that source.
pub fn quotes_in(sentence: &str, context: &SpeakerContext, has_according: bool) -> Vec<Quote> {
    quotes_with_spans(sentence, &quote_spans(sentence), context, has_according)
}

/// [`quotes_in`] over the sentence's [`quote_spans`], which the caller already computed.
pub fn quotes_with_spans(
    sentence: &str,
    spans: &[(usize, usize)],
    context: &SpeakerContext,
    has_according: bool,
) -> Vec<Quote> {
    if spans.is_empty() && context.inside_quote() && !sentence.contains(MARKS) {
        return continuation(sentence, context).into_iter().collect();
    }
    let mut quotes = Vec::new();
    let mut previous: Option<Resolution> = None;
    for (i, &(a, b)) in spans.iter().enumerate() {
        let inner = sentence.get(a..b).unwrap_or("");
        let site = QuoteSite {
            text: sentence,
            open: mark_before(sentence, a),
            close_end: mark_after(sentence, b),
            prev_end: i
                .checked_sub(1)
                .and_then(|j| spans.get(j))
                .map_or(0, |&(_, pb)| mark_after(sentence, pb)),
            next_open: spans
                .get(i + 1)
                .map_or(sentence.len(), |&(na, _)| mark_before(sentence, na)),
        };
        let (r, named_here) = speaker_for_quote(&site, context, previous.as_ref(), has_according);
        if word_count(inner) < MIN_QUOTE_WORDS && (r.speaker.is_none() || !named_here) {
            continue;
        }
        quotes.push(Quote {
            text: inner.split_whitespace().collect::<Vec<_>>().join(" "),
            speaker: r.speaker.clone(),
            start: a,
            end: b,
            speaker_sentence: r.from,
            speaker_mention: r.mention.clone(),
            speaker_candidate: r.candidate.clone(),
            opened_before: mark_before(sentence, a) == a,
            open_after: mark_after(sentence, b) == b,
        });
        previous = Some(r);
    }
    quotes
}

/// Every quotation mark the span finder knows.
const MARKS: [char; 9] = ['"', '“', '”', '‘', '’', '«', '»', '„', '\''];

/// A sentence with no quotation mark inside a quotation opened earlier ("“Meth is IN SD. / Twitter can make a
/// joke of it … / OUT,” Noem tweeted"): all of it is quoted, by the speaker known so far (or, once the closing
/// sentence names one, by [`fill_continued_speakers`]).
fn continuation(sentence: &str, context: &SpeakerContext) -> Option<Quote> {
    let start = sentence.len() - sentence.trim_start().len();
    let end = sentence.trim_end().len();
    let inner = sentence.get(start..end)?;
    let r = context.continued_quote().unwrap_or_default();
    if word_count(inner) < MIN_QUOTE_WORDS && r.speaker.is_none() {
        return None;
    }
    Some(Quote {
        text: inner.split_whitespace().collect::<Vec<_>>().join(" "),
        speaker: r.speaker,
        start,
        end,
        speaker_sentence: r.from,
        speaker_mention: None,
        speaker_candidate: r.candidate,
        opened_before: true,
        open_after: true,
    })
}

/// Whether a quotation is still open at the end of `sentence`, whose [`quote_spans`] are `spans` (read before
/// [`SpeakerContext::next_sentence`]).
pub fn leaves_quote_open(
    sentence: &str,
    spans: &[(usize, usize)],
    context: &SpeakerContext,
) -> bool {
    match spans.last() {
        Some(&(_, b)) => mark_after(sentence, b) == b,
        None => context.inside_quote() && !sentence.contains(MARKS),
    }
}

/// Gives each part of a quotation that runs over several sentences the speaker named in any of its parts
/// ("“Meth is IN SD. … OUT,” Noem tweeted": the opening parts are Noem's too). `per_sentence` holds the quotes of
/// consecutive sentences; a part keeps the speaker it has.
pub fn fill_continued_speakers(per_sentence: &mut [Vec<Quote>]) {
    let mut chain: Vec<(usize, usize)> = Vec::new();
    for i in 0..per_sentence.len() {
        for j in 0..per_sentence[i].len() {
            let q = &per_sentence[i][j];
            let joins = j == 0 && q.opened_before && !chain.is_empty();
            let open_after = q.open_after;
            if !joins {
                fill_chain(per_sentence, &chain);
                chain.clear();
            }
            chain.push((i, j));
            if !open_after {
                fill_chain(per_sentence, &chain);
                chain.clear();
            }
        }
    }
    fill_chain(per_sentence, &chain);
}

fn fill_chain(per_sentence: &mut [Vec<Quote>], chain: &[(usize, usize)]) {
    if chain.len() < 2 {
        return;
    }
    let Some(named) = chain
        .iter()
        .filter_map(|&(i, j)| per_sentence.get(i)?.get(j))
        .find(|q| q.speaker.is_some())
        .map(|q| (q.speaker.clone(), q.speaker_sentence))
    else {
        return;
    };
    for &(i, j) in chain {
        if let Some(q) = per_sentence.get_mut(i).and_then(|qs| qs.get_mut(j)) {
            if q.speaker.is_none() {
                (q.speaker, q.speaker_sentence) = named.clone();
                q.speaker_mention = None;
                q.speaker_candidate = None;
            }
        }
    }
}

/// The resolution a quote carries, to record in the context once the caller has kept the quote.
pub fn resolution_of(q: &Quote) -> Resolution {
    Resolution {
        speaker: q.speaker.clone(),
        from: q.speaker_sentence,
        mention: q.speaker_mention.clone(),
        candidate: q.speaker_candidate.clone(),
    }
}

/// Records the subject of `sentence` when it is a person's full name ("Maria Lopez opened the clinic"), so that a
/// later "she said" can resolve to her: people are named as subjects before they are quoted.
pub fn note_subject(context: &mut SpeakerContext, sentence: &str) {
    context.observe(sentence);
    if let Some(m @ names::Mention::Name(_)) = names::subject_of(sentence) {
        // A bare surname as subject ("Omar asked …") stands for the full name given earlier.
        let r = context.resolve(&m);
        if r.speaker.as_deref().is_some_and(|n| n.contains(' ')) {
            context.note_resolution(&r);
        }
    }
}

/// Byte offset of the quotation mark just before inner offset `a` (or `a` for a quote opened earlier).
fn mark_before(text: &str, a: usize) -> usize {
    match text.get(..a).and_then(|h| h.char_indices().next_back()) {
        Some((i, c)) if is_mark(c) => i,
        _ => a,
    }
}

/// Byte offset just past the quotation mark at inner offset `b` (or `b` for a quote left open).
fn mark_after(text: &str, b: usize) -> usize {
    match text.get(b..).and_then(|t| t.chars().next()) {
        Some(c) if is_mark(c) => b + c.len_utf8(),
        _ => b,
    }
}

/// The first byte at or after `from` that can start a quotation mark: '"', '\'', or the lead byte of "“”‘’„"
/// (0xE2) or of "«»" (0xC2).
fn next_mark_byte(text: &str, from: usize) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    rest.iter()
        .position(|b| matches!(b, b'"' | b'\'' | 0xE2 | 0xC2))
        .map(|p| from + p)
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '\'')
}

/// Whether `text` contains "according to" (any case).
pub fn mentions_according_to(text: &str) -> bool {
    attribution::find_ignoring_ascii_case(text, "according to").is_some()
}

/// Quotation spans (inner byte ranges), skipping the scan when the sentence has no quotation mark at all (most
/// sentences).
pub fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    // Every mark that can open a span is '"', '\'' or starts with the byte 0xE2 ("“", "”", "‘", "„") or 0xC2 ("«"):
    // a byte test rules most sentences out before any character is decoded.
    let bytes = text.as_bytes();
    let maybe = memchr::memchr3(b'"', b'\'', 0xE2, bytes).is_some()
        || memchr::memchr(0xC2, bytes).is_some();
    if maybe && text.contains(['"', '“', '”', '‘', '«', '„', '\'']) {
        find_quote_spans(text)
    } else {
        Vec::new()
    }
}

/// Number of whitespace-separated words.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Finds quotation spans in `text`: curly “…”, straight "…", low „…“ / „…”, angle «…», and single ‘…’ or '…'
/// where the marks cannot be apostrophes (the opening mark follows a space or bracket, the closing one is not
/// followed by a letter). An unclosed opening quote runs to the end of the sentence and an unopened closing quote
/// from its start, because quotations often span several sentences.
fn find_quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &'static [char])> = None;
    let mut seen_any = false;
    // Only quotation marks change the state, and each decision looks at the characters on either side: the scan
    // jumps from one possible mark to the next instead of decoding every character.
    let mut from = 0;
    while let Some(i) = next_mark_byte(text, from) {
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let inner_start = i + c.len_utf8();
        from = inner_start;
        if !is_mark(c) {
            continue;
        }
        let prev = text.get(..i).and_then(|h| h.chars().next_back());
        let next = text.get(inner_start..).and_then(|t| t.chars().next());
        let after_space = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ':'));
        match (c, open) {
            ('“', None) => open = Some((inner_start, &['”'])),
            ('"', None) => open = Some((inner_start, &['"'])),
            ('„', None) => open = Some((inner_start, &['“', '”'])),
            ('«', None) => open = Some((inner_start, &['»'])),
            ('‘', None) if after_space => open = Some((inner_start, &['’'])),
            ('\'', None) if after_space && next.is_some_and(char::is_alphanumeric) => {
                open = Some((inner_start, &['\'']))
            }
            ('”', None) if !seen_any => spans.push((0, i)),
            ('’', Some((s, close))) if close == ['”'] && next == Some('’') => {
                // “…’’: two right single marks stand for the closing double mark in some copy.
                spans.push((s, i));
                open = None;
                from = inner_start + '’'.len_utf8();
                continue;
            }
            (c, Some((s, close))) if close.contains(&c) => {
                // ’ and ' are also apostrophes ("don’t"): only one not followed by a letter closes a quote.
                if matches!(c, '’' | '\'') && next.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                spans.push((s, i));
                open = None;
            }
            _ => {}
        }
        if matches!(c, '“' | '”' | '"' | '‘' | '„' | '«') {
            seen_any = true;
        }
    }
    if let Some((s, close)) = open {
        // A straight single quote left open was an apostrophe after all ("'90s"), not a quotation.
        if s < text.len() && close != ['\''] {
            spans.push((s, text.len()));
        }
    }
    spans.retain(|&(a, b)| text.get(a..b).is_some_and(|q| !q.trim().is_empty()));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        find_quotes(s).into_iter().map(|q| q.text).collect()
    }

    #[test]
    fn speakers_before_and_after() {
        let q =
            find_quotes("“We cut taxes for 95 percent of working families,” said Barack Obama.");
        assert_eq!(q[0].speaker.as_deref(), Some("Barack Obama"));
        let q = find_quotes("Jane Doe said: \"The plant closed in 2019 because of the tariffs.\"");
        assert_eq!(q[0].speaker.as_deref(), Some("Jane Doe"));
        let q = find_quotes("“The deficit is the largest in history,” Smith said.");
        assert_eq!(q[0].speaker.as_deref(), Some("Smith"));
    }

    #[test]
    fn every_kind_of_mark_and_no_apostrophes() {
        assert_eq!(
            texts("Er sagte: „Wir bauen neue Brücken.“"),
            ["Wir bauen neue Brücken."]
        );
        assert_eq!(
            texts("Il a dit «nous ne céderons jamais rien» hier."),
            ["nous ne céderons jamais rien"]
        );
        assert_eq!(
            texts("She called it 'a total and utter failure' twice."),
            ["a total and utter failure"]
        );
        assert!(texts("It's the students' union and the '90s band.").is_empty());
        assert!(texts("He didn’t say it wasn’t over.").is_empty());
    }

    #[test]
    fn short_quotes_need_a_speaker() {
        assert!(texts("The so-called “experts” disagree.").is_empty());
        let q = find_quotes("“Not negotiable,” said Mayor Ortiz.");
        assert_eq!(q[0].speaker.as_deref(), Some("Mayor Ortiz"));
    }

    #[test]
    fn offsets_are_inner_byte_ranges() {
        let s = "Ortiz said: “Büdget is up 4%.”";
        let q = find_quotes(s);
        assert_eq!(s.get(q[0].start..q[0].end), Some("Büdget is up 4%."));
    }
}
