//! Check-worthy claim detection for one sentence: a learned score plus rule-based kinds, quotations with speakers,
//! and the unnamed-source and opinion flags.
//!
//! The score comes from the linear model in [`crate::model`] (trained by `examples/train.rs`); everything else is
//! rules over a small lexicon, because editors need to see *why* a sentence is flagged, and rules explain
//! themselves.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::features::Tokens;

/// Sentences scoring at or above this are claims (`Detection::is_claim`).
///
/// Training calibrates the model's bias so that 0.5 is the F1-optimal cut found by 5-fold cross-validation on
/// ClaimBuster `train.json` (see `examples/train.rs`), so the threshold itself never needs retuning.
pub const CLAIM_THRESHOLD: f32 = 0.5;

/// What kind of checkable content a sentence carries. Serialised in snake_case (`"statistic"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A number, percentage, amount or quantity word ("million", "half").
    Statistic,
    /// A quotation of at least three words, or a shorter one with a speaker.
    Quotation,
    /// Words attributed to a person or organisation ("said", "according to").
    Attribution,
    /// Something that happened or was done (a past-tense action, or a dated event).
    Event,
    /// A comparison or superlative ("more than", "the highest").
    Comparison,
    /// A cause and effect ("because", "led to").
    Causal,
}

/// A quotation inside a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Who said it: a name next to a speech verb, "according to X", or a pronoun resolved to the one person named
    /// in the preceding sentences. `None` when no speaker can be found safely.
    pub speaker: Option<String>,
    /// Byte offset of the first quoted character (from [`crate::analyze`]: into the analysed text; from
    /// [`detect`]: into the sentence).
    pub start: usize,
    /// Byte offset just past the last quoted character.
    pub end: usize,
}

/// Everything the detector says about one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// Check-worthiness in [0, 1].
    pub score: f32,
    /// The kinds of checkable content found, in the order of [`Kind`].
    pub kinds: Vec<Kind>,
    /// Quotations with their speakers.
    pub quotes: Vec<Quote>,
    /// The sentence leans on an unnamed source ("sources said", "one senior official").
    pub unnamed_source: bool,
    /// Judgement, prediction, or vague "many say" without a checkable fact.
    pub opinion: bool,
    /// `score >= CLAIM_THRESHOLD`.
    pub is_claim: bool,
    /// The named source of an attribution ("according to the IMF", "Smith said"), when there is one.
    pub source: Option<String>,
}

/// Lexical cues, matched on lower-cased word sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    NumberWord,
    Speech,
    EventVerb,
    Date,
    Comparison,
    Causal,
    Unnamed,
    Opinion,
    Hedge,
    Vague,
    SpeechVerb,
    According,
}

const LEXICON: &[(Cue, &[&str])] = &[
    (
        Cue::NumberWord,
        &[
            "million",
            "millions",
            "billion",
            "billions",
            "trillion",
            "percent",
            "per cent",
            "half",
            "third",
            "quarter",
            "dozen",
            "dozens",
            "hundred",
            "hundreds",
            "thousand",
            "thousands",
            "twice",
            "double",
            "doubled",
            "triple",
            "tripled",
            "majority",
            "minority",
            "one in",
            "$",
            "%",
            "€",
            "£",
            "#num",
            "#dec",
            "#numword",
            "zero",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
        ],
    ),
    (
        Cue::Speech,
        &[
            "said",
            "says",
            "told",
            "according to",
            "stated",
            "reported",
            "announced",
            "claimed",
            "claims",
            "wrote",
            "argued",
            "argues",
            "testified",
            "confirmed",
            "denied",
            "added",
            "explained",
            "noted",
            "insisted",
            "warned",
            "acknowledged",
            "admitted",
            "asserted",
            "alleged",
            "estimated",
            "estimates",
            "tweeted",
            "posted",
            "declared",
            "concluded",
            "found that",
            "shows that",
            "showed that",
        ],
    ),
    (
        Cue::EventVerb,
        &[
            "arrested",
            "signed",
            "voted",
            "passed",
            "killed",
            "died",
            "launched",
            "won",
            "lost",
            "elected",
            "resigned",
            "approved",
            "banned",
            "fired",
            "raised",
            "cut",
            "increased",
            "decreased",
            "rose",
            "fell",
            "dropped",
            "grew",
            "created",
            "closed",
            "opened",
            "invaded",
            "attacked",
            "sued",
            "charged",
            "convicted",
            "sentenced",
            "released",
            "introduced",
            "vetoed",
            "appointed",
            "hired",
            "built",
            "spent",
            "paid",
            "received",
            "sold",
            "bought",
            "shot",
            "collapsed",
            "struck",
            "visited",
            "founded",
            "established",
            "ratified",
            "enacted",
            "repealed",
            "filed",
            "issued",
            "declined",
            "expanded",
            "reduced",
            "lowered",
            "eliminated",
            "destroyed",
            "defeated",
            "negotiated",
            "supported",
            "opposed",
            "funded",
            "invested",
            "borrowed",
            "added",
            "lost",
            "shipped",
            "deported",
            "imposed",
            "withdrew",
            "joined",
            "left",
            "took",
            "gave",
            "sent",
            "moved",
            "started",
            "ended",
            "has been",
            "have been",
            "was",
            "were",
            "went",
        ],
    ),
    (
        Cue::Date,
        &[
            "#year",
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "yesterday",
            "last year",
            "last week",
            "last month",
            "this year",
            "since",
            "ago",
            "decade",
            "century",
        ],
    ),
    (
        Cue::Comparison,
        &[
            "than",
            "more",
            "most",
            "less",
            "least",
            "fewer",
            "fewest",
            "best",
            "worst",
            "record",
            "compared",
            "higher",
            "lower",
            "larger",
            "smaller",
            "bigger",
            "greater",
            "faster",
            "slower",
            "highest",
            "lowest",
            "largest",
            "biggest",
            "greatest",
            "smallest",
            "fastest",
            "slowest",
            "richest",
            "poorest",
            "times as",
            "doubled",
            "tripled",
            "increase",
            "decrease",
            "only",
            "first",
            "last",
            "top",
            "rank",
            "ranks",
            "ranked",
            "outpaced",
            "exceeded",
            "surpassed",
        ],
    ),
    (
        Cue::Causal,
        &[
            "because",
            "due to",
            "caused",
            "causes",
            "causing",
            "led to",
            "leads to",
            "lead to",
            "result of",
            "resulted in",
            "results in",
            "as a result",
            "thanks to",
            "therefore",
            "responsible for",
            "linked to",
            "blamed",
            "blames",
            "contributed to",
            "driven by",
            "owing to",
            "consequently",
            "so that",
            "attributed to",
            "because of",
        ],
    ),
    (
        Cue::Unnamed,
        &[
            "sources said",
            "sources say",
            "a source",
            "one source",
            "sources close",
            "according to sources",
            "senior official",
            "an official",
            "one official",
            "officials said",
            "officials say",
            "officials",
            "people familiar",
            "person familiar",
            "familiar with the matter",
            "insiders",
            "an insider",
            "asked not to be named",
            "declined to be named",
            "condition of anonymity",
            "anonymous",
            "critics say",
            "experts say",
            "some say",
            "many say",
            "many are calling",
            "people are saying",
            "it is said",
            "it is believed",
            "reportedly",
            "a person close",
            "people close",
            "aides said",
            "an aide",
            "diplomats said",
            "analysts say",
            "observers say",
            "some people",
            "many people say",
            "they say",
            "we are told",
            "i am told",
            "i'm told",
            "studies show",
            "experts believe",
        ],
    ),
    (
        Cue::Opinion,
        &[
            "should",
            "shouldn't",
            "must",
            "ought",
            "i think",
            "i believe",
            "we believe",
            "in my opinion",
            "i feel",
            "i hope",
            "we need",
            "i want",
            "terrible",
            "great",
            "wonderful",
            "disaster",
            "disgrace",
            "horrible",
            "amazing",
            "beautiful",
            "incredible",
            "ridiculous",
            "stupid",
            "shameful",
            "outrageous",
            "unfair",
            "fantastic",
            "tremendous",
            "best way",
            "wrong",
            "deserve",
            "deserves",
            "i love",
            "we love",
            "let's",
            "let me",
            "i'm going",
            "we're going",
            "we will",
            "i will",
            "will be",
            "is going to",
            "are going to",
            "believe",
            "hope",
        ],
    ),
    (
        Cue::Hedge,
        &[
            "might", "may", "could", "probably", "perhaps", "likely", "possibly", "maybe",
            "predict", "expect",
        ],
    ),
    (
        Cue::Vague,
        &[
            "many say",
            "some say",
            "people say",
            "many believe",
            "many are calling",
            "everyone knows",
            "everybody knows",
            "people are saying",
            "a lot of people",
            "many people",
            "some people",
        ],
    ),
];

/// FNV-1a: the lexicon is hit once per token, and SipHash's DoS resistance buys nothing for a fixed key set.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Lexicon =
    HashMap<&'static str, Vec<(Vec<&'static str>, Cue)>, std::hash::BuildHasherDefault<Fnv>>;

/// Phrase lexicon indexed by its first word, so matching costs one hash lookup per token.
fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut map: Lexicon = HashMap::default();
        let speech_verbs: (Cue, &[&str]) = (Cue::SpeechVerb, SPEECH_VERBS);
        let according: (Cue, &[&str]) = (Cue::According, &["according to"]);
        for (cue, phrases) in LEXICON.iter().chain([&speech_verbs, &according]) {
            for phrase in *phrases {
                let words: Vec<&'static str> = phrase.split(' ').collect();
                if let Some(first) = words.first() {
                    map.entry(*first).or_default().push((words.clone(), *cue));
                }
            }
        }
        map
    })
}

/// The rule signals of one sentence; also used as features by the learned model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RuleSignals {
    pub statistic: bool,
    pub quotation: bool,
    pub speech: bool,
    pub event: bool,
    pub date: bool,
    pub comparison: bool,
    pub causal: bool,
    pub unnamed: bool,
    pub opinion_marker: bool,
    pub hedge: bool,
    pub vague: bool,
    pub question: bool,
    pub first_person: bool,
    pub proper_noun: bool,
    /// A verb of [`SPEECH_VERBS`]: worth looking for a named speaker.
    pub speech_verb: bool,
    /// "according to": worth looking for its source.
    pub according: bool,
}

impl RuleSignals {
    /// Names of the signals that are set, as model feature names.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.statistic, "statistic"),
            (self.quotation, "quotation"),
            (self.speech, "speech"),
            (self.event, "event"),
            (self.date, "date"),
            (self.comparison, "comparison"),
            (self.causal, "causal"),
            (self.unnamed, "unnamed"),
            (self.opinion_marker, "opinion"),
            (self.hedge, "hedge"),
            (self.vague, "vague"),
            (self.question, "question"),
            (self.first_person, "first_person"),
            (self.proper_noun, "proper_noun"),
            (self.statistic && self.event, "statistic+event"),
            (self.statistic && self.comparison, "statistic+comparison"),
            (
                self.opinion_marker && !self.statistic,
                "opinion-no-statistic",
            ),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
    }
}

/// Computes the rule signals of a sentence from its normalised tokens ([`crate::features::tokens`]).
pub(crate) fn signals_from_tokens(
    text: &str,
    toks: &Tokens,
    quote_spans: &[(usize, usize)],
) -> RuleSignals {
    let lex = lexicon();
    let mut s = RuleSignals::default();
    for (i, t) in toks.iter().enumerate() {
        if let Some(entries) = lex.get(t) {
            for (words, cue) in entries {
                let matches = words.len() == 1
                    || words
                        .iter()
                        .enumerate()
                        .skip(1)
                        .all(|(j, w)| toks.get(i + j) == *w);
                if !matches {
                    continue;
                }
                match cue {
                    Cue::NumberWord => s.statistic = true,
                    Cue::Speech => s.speech = true,
                    Cue::EventVerb => s.event = true,
                    Cue::Date => s.date = true,
                    Cue::Comparison => s.comparison = true,
                    Cue::Causal => s.causal = true,
                    Cue::Unnamed => s.unnamed = true,
                    Cue::Opinion => s.opinion_marker = true,
                    Cue::Hedge => s.hedge = true,
                    Cue::Vague => s.vague = true,
                    Cue::SpeechVerb => s.speech_verb = true,
                    Cue::According => s.according = true,
                }
            }
        }
        if matches!(t, "i" | "we" | "my" | "our" | "me" | "us") {
            s.first_person = true;
        }
    }
    s.question = text.trim_end().ends_with('?');
    s.quotation = quote_spans
        .iter()
        .any(|&(a, b)| word_count(text.get(a..b).unwrap_or("")) >= 3);
    s.proper_noun = toks.proper_noun;
    s
}

/// Quotation spans, skipping the scan when the sentence has no quotation mark at all (most sentences).
pub(crate) fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    if text.contains(['"', '“', '”', '‘']) {
        find_quote_spans(text)
    } else {
        Vec::new()
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Finds quotation spans (inner byte ranges) in `text`: curly “…”, straight "…" pairs, and ‘…’ where the marks
/// are not apostrophes. An unclosed opening quote runs to the end of the sentence and an unopened closing quote
/// from its start, because quotations often span several sentences.
fn find_quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut seen_any = false;
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let inner_start = i + c.len_utf8();
        match (c, open) {
            ('“', None) => open = Some((inner_start, '”')),
            ('"', None) => open = Some((inner_start, '"')),
            ('‘', None) if prev.is_none_or(|p| p.is_whitespace() || p == '(') => {
                open = Some((inner_start, '’'))
            }
            ('”', None) if !seen_any => spans.push((0, i)),
            (c, Some((s, close))) if c == close => {
                // ’ is also an apostrophe ("don’t"): only a ’ not followed by a letter closes a ‘ quote.
                if c == '’' && next.is_some_and(char::is_alphabetic) {
                    prev = Some(c);
                    continue;
                }
                spans.push((s, i));
                open = None;
            }
            _ => {}
        }
        if matches!(c, '“' | '”' | '"' | '‘') {
            seen_any = true;
        }
        prev = Some(c);
    }
    if let Some((s, _)) = open {
        if s < text.len() {
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

    fn note(&mut self, name: &str) {
        self.recent.retain(|(n, _)| n != name);
        self.recent.push((name.to_string(), self.sentence));
        if self.recent.len() > 8 {
            self.recent.remove(0);
        }
    }

    /// The one person named within the window, or `None` when there are zero or several (not safe to guess).
    fn resolve_pronoun(&self) -> Option<String> {
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

const PRONOUNS: &[&str] = &["he", "she", "they", "He", "She", "They"];

const SPEECH_VERBS: &[&str] = &[
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

/// Scores one sentence on its own (no pronoun resolution across sentences).
pub fn detect(sentence: &str) -> Detection {
    detect_in_context(sentence, &mut SpeakerContext::default())
}

/// Scores one sentence, resolving pronoun speakers against `context` and recording the speakers named here.
pub fn detect_in_context(sentence: &str, context: &mut SpeakerContext) -> Detection {
    let toks = crate::features::tokenize(sentence);
    let spans = quote_spans(sentence);
    let signals = signals_from_tokens(sentence, &toks, &spans);
    let features = crate::features::extract_from(&toks, &signals);
    let mut score = crate::model::builtin().probability(&features);
    // Headings and list labels ("City budget") are not claims, whatever their words suggest.
    if toks
        .iter()
        .filter(|t| t.chars().next().is_some_and(char::is_alphabetic))
        .count()
        < 3
    {
        score = score.min(0.2);
    }

    let mut quotes = Vec::new();
    for (a, b) in spans {
        let inner = sentence.get(a..b).unwrap_or("");
        let speaker = speaker_for_quote(sentence, a, b, context, signals.according);
        if word_count(inner) < 3 && speaker.is_none() {
            continue;
        }
        quotes.push(Quote {
            text: inner.split_whitespace().collect::<Vec<_>>().join(" "),
            speaker,
            start: a,
            end: b,
        });
    }
    let mut source = None;
    if signals.according {
        source = according_to(sentence);
    }
    if source.is_none() && signals.speech_verb {
        source = attributed_name(sentence).or_else(|| pronoun_speaker(sentence, context));
    }
    if let Some(name) = source.as_deref() {
        if name.contains(' ') || name.chars().next().is_some_and(char::is_uppercase) {
            context.note(name);
        }
    }
    for q in &quotes {
        if let Some(s) = &q.speaker {
            context.note(s);
        }
    }
    context.sentence += 1;

    let mut kinds = Vec::new();
    if signals.statistic {
        kinds.push(Kind::Statistic);
    }
    if !quotes.is_empty() {
        kinds.push(Kind::Quotation);
    }
    if signals.speech || source.is_some() || quotes.iter().any(|q| q.speaker.is_some()) {
        kinds.push(Kind::Attribution);
    }
    if signals.event && !signals.question {
        kinds.push(Kind::Event);
    }
    if signals.comparison {
        kinds.push(Kind::Comparison);
    }
    if signals.causal {
        kinds.push(Kind::Causal);
    }
    let checkable = signals.statistic
        || (signals.event && signals.date)
        || quotes.iter().any(|q| q.speaker.is_some())
        || source.is_some();
    let opinion = (signals.opinion_marker || signals.hedge || signals.vague) && !checkable;
    Detection {
        score,
        kinds,
        quotes,
        unnamed_source: signals.unnamed,
        opinion,
        is_claim: score >= CLAIM_THRESHOLD,
        source,
    }
}

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
fn pronoun_speaker(text: &str, context: &SpeakerContext) -> Option<String> {
    let mut words = text.split_whitespace();
    let (first, second) = (words.next()?, words.next()?);
    (PRONOUNS.contains(&first) && SPEECH_VERBS.contains(&second.trim_end_matches([',', '.'])))
        .then(|| context.resolve_pronoun())
        .flatten()
}

/// "according to the IMF" → "the IMF"; "according to Jane Doe, …" → "Jane Doe".
fn according_to(text: &str) -> Option<String> {
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
fn attributed_name(text: &str) -> Option<String> {
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

    #[test]
    fn quote_with_speaker_after() {
        let d = detect("“We cut taxes for 95 percent of working families,” said Barack Obama.");
        assert_eq!(d.quotes.len(), 1);
        assert_eq!(d.quotes[0].speaker.as_deref(), Some("Barack Obama"));
        assert_eq!(
            d.quotes[0].text,
            "We cut taxes for 95 percent of working families,"
        );
        assert!(d.kinds.contains(&Kind::Statistic));
        assert!(d.kinds.contains(&Kind::Quotation));
        assert!(d.kinds.contains(&Kind::Attribution));
    }

    #[test]
    fn quote_with_speaker_before_and_name_then_verb() {
        let d = detect("Jane Doe said: \"The plant closed in 2019 because of the tariffs.\"");
        assert_eq!(d.quotes[0].speaker.as_deref(), Some("Jane Doe"));
        assert!(d.kinds.contains(&Kind::Causal));
        let d = detect("“The deficit is the largest in history,” Smith said.");
        assert_eq!(d.quotes[0].speaker.as_deref(), Some("Smith"));
        assert!(d.kinds.contains(&Kind::Comparison));
    }

    #[test]
    fn indirect_speech_with_a_pronoun() {
        let mut ctx = SpeakerContext::default();
        let _ = detect_in_context("“We never spent more,” said Mayor Jane Ortiz.", &mut ctx);
        let d = detect_in_context(
            "She added that the program would create 300 jobs.",
            &mut ctx,
        );
        assert_eq!(d.source.as_deref(), Some("Mayor Jane Ortiz"));
    }

    #[test]
    fn pronoun_resolves_only_when_one_person_is_in_view() {
        let mut ctx = SpeakerContext::default();
        let _ = detect_in_context("Maria Lopez said the clinic opened in May.", &mut ctx);
        let d = detect_in_context("“It serves 4,000 patients a year,” she said.", &mut ctx);
        assert_eq!(d.quotes[0].speaker.as_deref(), Some("Maria Lopez"));
        let _ = detect_in_context("Tom Reed said the opposite.", &mut ctx);
        let d = detect_in_context("“It serves nobody at all,” he said.", &mut ctx);
        assert_eq!(d.quotes[0].speaker, None);
    }

    #[test]
    fn unnamed_source_and_opinion() {
        assert!(detect("One senior official said the talks had collapsed.").unnamed_source);
        let d = detect("Sources said the minister would resign.");
        assert!(d.unnamed_source);
        assert_eq!(d.source, None, "an unnamed source is not a named one");
        let d = detect("Many are calling this the best idea we should try.");
        assert!(d.unnamed_source);
        assert!(d.opinion);
        assert!(!detect("Unemployment fell to 4.1% in 2019.").opinion);
    }

    #[test]
    fn according_to_names_the_source() {
        let d = detect("According to the IMF, growth slowed to 2.3% last year.");
        assert_eq!(d.source.as_deref(), Some("the IMF"));
        assert!(d.kinds.contains(&Kind::Attribution));
    }
}
