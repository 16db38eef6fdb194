//! Quotations and who said them: the one quote finder of the product.
//!
//! The detector shows these quotes in the claim detail and the evidence step checks these same quotes against a
//! source, so what an editor reads as "the quote" is what is checked. Speakers are found next to a speech verb
//! ("…,” said Smith", "Smith said: “…”"), from "according to X", or by resolving a pronoun to the one person
//! named in the sentences just before ([`SpeakerContext`]); when that is not safe, the speaker is `None`.

use serde::{Deserialize, Serialize};

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
    let mut quotes = Vec::new();
    for (a, b) in quote_spans(sentence) {
        let inner = sentence.get(a..b).unwrap_or("");
        let speaker = speaker_for_quote(sentence, a, b, context, has_according);
        if word_count(inner) < MIN_QUOTE_WORDS && speaker.is_none() {
            continue;
        }
        quotes.push(Quote {
            text: inner.split_whitespace().collect::<Vec<_>>().join(" "),
            speaker,
            start: a,
            end: b,
        });
    }
    quotes
}

/// Whether `text` contains "according to" (any case).
pub fn mentions_according_to(text: &str) -> bool {
    text.to_ascii_lowercase().contains("according to")
}

/// Quotation spans (inner byte ranges), skipping the scan when the sentence has no quotation mark at all (most
/// sentences).
pub fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    if text.contains(['"', '“', '”', '‘', '«', '„', '\'']) {
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
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let inner_start = i + c.len_utf8();
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
            (c, Some((s, close))) if close.contains(&c) => {
                // ’ and ' are also apostrophes ("don’t"): only one not followed by a letter closes a quote.
                if matches!(c, '’' | '\'') && next.is_some_and(char::is_alphanumeric) {
                    prev = Some(c);
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
        prev = Some(c);
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

/// Speakers seen in the preceding sentences, for resolving "he said" / "she said".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerContext {
    /// (name, index of the sentence it was seen in), most recent last.
    recent: Vec<(String, usize)>,
    sentence: usize,
}

impl SpeakerContext {
    /// How many sentences back a named speaker may be to resolve a pronoun.
    const WINDOW: usize = 3;

    /// Moves on to the next sentence: names seen more than [`Self::WINDOW`] sentences ago stop resolving.
    pub fn next_sentence(&mut self) {
        self.sentence += 1;
    }

    /// Records a speaker named in the current sentence.
    pub fn note(&mut self, name: &str) {
        self.recent.retain(|(n, _)| n != name);
        self.recent.push((name.to_string(), self.sentence));
        if self.recent.len() > 8 {
            self.recent.remove(0);
        }
    }

    /// The one person named within the window, or `None` when there are zero or several (not safe to guess).
    pub fn resolve_pronoun(&self) -> Option<String> {
        let in_window: Vec<&String> = self
            .recent
            .iter()
            .filter(|(_, at)| self.sentence.saturating_sub(*at) <= Self::WINDOW)
            .map(|(n, _)| n)
            .collect();
        match in_window.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }
}

pub(crate) const PRONOUNS: &[&str] = &["he", "she", "they", "He", "She", "They"];

/// Verbs of speech that tie a name to what was said ("said", "told", "acknowledged"); the detector's
/// lexicon uses the same list.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "stated",
    "added",
    "wrote",
    "writes",
    "argued",
    "argues",
    "explained",
    "noted",
    "insisted",
    "warned",
    "asked",
    "replied",
    "claimed",
    "claims",
    "declared",
    "tweeted",
    "recalled",
    "continued",
    "acknowledged",
    "admitted",
    "announced",
];

/// Words that are capitalised at the start of a sentence but never begin a name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "But",
    "And",
    "Or",
    "So",
    "Then",
    "When",
    "If",
    "As",
    "In",
    "On",
    "At",
    "It",
    "We",
    "I",
    "You",
    "He",
    "She",
    "They",
    "There",
    "Here",
    "Yes",
    "No",
    "Well",
    "Now",
    "According",
    "Later",
    "Asked",
    "Still",
    "Meanwhile",
    "However",
    "Sources",
    "Officials",
    "Critics",
    "Experts",
    "Analysts",
    "Some",
    "Many",
    "Aides",
    "Insiders",
    "People",
    "Observers",
    "Diplomats",
    "Others",
    "Everyone",
];
/// A run of capitalised words (with titles like "Sen." and particles like "de") starting at `pos`.
fn name_at(text: &str, pos: usize) -> Option<String> {
    let rest = text.get(pos..)?;
    let mut words = Vec::new();
    for w in rest.split(' ') {
        let clean = w.trim_end_matches([',', ':', ';', '.', '!', '?', '”', '"', '’', '\'']);
        let cap = clean.chars().next().is_some_and(char::is_uppercase);
        let particle = matches!(
            clean,
            "de" | "van" | "von" | "da" | "bin" | "al" | "del" | "la"
        );
        if clean.is_empty() || !(cap || (particle && !words.is_empty())) || words.len() >= 5 {
            break;
        }
        words.push(clean);
        if clean.len() != w.len() && !is_title(clean) {
            break;
        }
    }
    while words.first().is_some_and(|w| NOT_NAMES.contains(w)) {
        words.remove(0);
    }
    while words.last().is_some_and(|w| {
        matches!(
            *w,
            "de" | "van" | "von" | "da" | "bin" | "al" | "del" | "la"
        )
    }) {
        words.pop();
    }
    (!words.is_empty()).then(|| words.join(" "))
}

fn is_title(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs" | "Ms" | "Dr" | "Sen" | "Rep" | "Gov" | "Gen" | "Prof" | "St" | "Lt" | "Col"
    )
}

/// The name ending right before byte `end` ("John Smith" in "John Smith said").
fn name_before(text: &str, end: usize) -> Option<String> {
    let head = text.get(..end)?.trim_end();
    let mut taken: Vec<&str> = Vec::new();
    for w in head.rsplit(' ') {
        let w = w.trim_start_matches(['“', '"', '(']);
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if !cap || taken.len() >= 4 || w.ends_with(',') || NOT_NAMES.contains(&w) {
            break;
        }
        taken.push(w);
    }
    taken.reverse();
    (!taken.is_empty()).then(|| taken.join(" "))
}

/// Finds the speaker of the quote at `a..b`: after it ("…,” said Smith / Smith said / he said), or before it
/// (Smith said: “…”), or "according to X" elsewhere in the sentence.
fn speaker_for_quote(
    text: &str,
    a: usize,
    b: usize,
    context: &SpeakerContext,
    has_according: bool,
) -> Option<String> {
    // After the closing mark.
    let after_start = text
        .get(b..)?
        .char_indices()
        .nth(1)
        .map_or(text.len(), |(i, _)| b + i);
    let after = text.get(after_start..).unwrap_or("");
    let trimmed = after.trim_start_matches([',', ' ', '—', '–', '-']);
    let offset = after_start + (after.len() - trimmed.len());
    let first_word = trimmed.split([' ', ',', '.']).next().unwrap_or("");
    if SPEECH_VERBS.contains(&first_word) {
        // "…,” said Sen. Smith"
        if let Some(name) = name_at(text, offset + first_word.len() + 1) {
            return Some(name);
        }
    } else if PRONOUNS.contains(&first_word) {
        let second = trimmed
            .split(' ')
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(['.', ',']);
        if SPEECH_VERBS.contains(&second) {
            return context.resolve_pronoun();
        }
    } else if let Some(name) = name_at(text, offset) {
        // "…,” Smith said" — the word after the name must be a speech verb.
        let after_name = text
            .get(offset + name.len()..)
            .unwrap_or("")
            .trim_start_matches([',', ' ']);
        let verb = after_name.split([' ', ',', '.']).next().unwrap_or("");
        if SPEECH_VERBS.contains(&verb) && trimmed.starts_with(name.as_str()) {
            return Some(name);
        }
    }
    // Before the opening mark: "Smith said: “…" or "said Smith, “…".
    let open_mark = text
        .get(..a)?
        .char_indices()
        .next_back()
        .map_or(0, |(i, _)| i);
    let before = text
        .get(..open_mark)?
        .trim_end()
        .trim_end_matches([',', ':', ' ']);
    let last = before.rsplit(' ').next().unwrap_or("");
    if SPEECH_VERBS.contains(&last) {
        let verb_start = before.len() - last.len();
        let subject = before.get(..verb_start).unwrap_or("").trim_end();
        let subj_word = subject.rsplit(' ').next().unwrap_or("");
        if PRONOUNS.contains(&subj_word) {
            return context.resolve_pronoun();
        }
        if let Some(name) = name_before(text, verb_start) {
            return Some(name);
        }
    }
    if has_according {
        according_to(text)
    } else {
        None
    }
}

/// "She added that …": a sentence opening with a pronoun and a speech verb, resolved like a quote's speaker.
pub fn pronoun_speaker(text: &str, context: &SpeakerContext) -> Option<String> {
    let mut words = text.split_whitespace();
    let (first, second) = (words.next()?, words.next()?);
    (PRONOUNS.contains(&first) && SPEECH_VERBS.contains(&second.trim_end_matches([',', '.'])))
        .then(|| context.resolve_pronoun())
        .flatten()
}

/// "according to the IMF" → "the IMF"; "according to Jane Doe, …" → "Jane Doe".
pub fn according_to(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("according to ")? + "according to ".len();
    let rest = text.get(at..)?;
    let (article, rest_at) = if rest.starts_with("the ") {
        ("the ", at + 4)
    } else {
        ("", at)
    };
    let name = name_at(text, rest_at)?;
    Some(format!("{article}{name}"))
}

/// "Smith said …" / "… , said Smith." without quotation marks.
pub fn attributed_name(text: &str) -> Option<String> {
    for verb in SPEECH_VERBS {
        let mut from = 0;
        while let Some(pos) = text
            .get(from..)
            .and_then(|t| t.find(verb))
            .map(|p| p + from)
        {
            from = pos + verb.len();
            let before_ok = pos == 0 || text.as_bytes().get(pos - 1) == Some(&b' ');
            let after_ok = text
                .as_bytes()
                .get(pos + verb.len())
                .is_none_or(|b| !b.is_ascii_alphabetic());
            if !(before_ok && after_ok) {
                continue;
            }
            if pos > 0 {
                if let Some(name) = name_before(text, pos) {
                    return Some(name);
                }
            }
            let after = text.get(pos + verb.len()..).unwrap_or("");
            if after.starts_with(' ') {
                if let Some(name) = name_at(text, pos + verb.len() + 1) {
                    return Some(name);
                }
            }
        }
    }
    None
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
