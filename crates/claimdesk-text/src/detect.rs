//! Check-worthy claim detection for one sentence: a learned score plus rule-based kinds, quotations with speakers,
//! and the unnamed-source and opinion flags.
//!
//! The score comes from the linear model in [`crate::model`] (trained by `examples/train.rs`); everything else is
//! rules over a small lexicon, because editors need to see *why* a sentence is flagged, and rules explain
//! themselves.

use std::collections::HashMap;
use std::sync::OnceLock;

use claimdesk_core::text::numbers::{MONTHS, WEEKDAYS};
use claimdesk_core::text::quotes::{
    according_to, attributed_name, pronoun_speaker, quote_spans, quotes_in, word_count,
    MIN_QUOTE_WORDS, SPEECH_VERBS,
};
pub use claimdesk_core::text::{Quote, SpeakerContext};
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

/// FNV-hashed: the lexicon is hit once per token, and SipHash's DoS resistance buys nothing for a fixed key set.
type Lexicon = HashMap<&'static str, Vec<(Vec<&'static str>, Cue)>, claimdesk_core::FnvBuildHasher>;

/// Phrase lexicon indexed by its first word, so matching costs one hash lookup per token.
fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut map: Lexicon = HashMap::default();
        let speech_verbs: (Cue, &[&str]) = (Cue::SpeechVerb, SPEECH_VERBS);
        let according: (Cue, &[&str]) = (Cue::According, &["according to"]);
        // Month and weekday names come from the core's number and date words, shared with the evidence step.
        let months: (Cue, &[&str]) = (Cue::Date, MONTHS);
        let weekdays: (Cue, &[&str]) = (Cue::Date, WEEKDAYS);
        for (cue, phrases) in LEXICON
            .iter()
            .chain([&speech_verbs, &according, &months, &weekdays])
        {
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
        .any(|&(a, b)| word_count(text.get(a..b).unwrap_or("")) >= MIN_QUOTE_WORDS);
    s.proper_noun = toks.proper_noun;
    s
}

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

    // The one quote finder (claimdesk-core): the quotes shown here are the quotes the evidence step checks.
    let quotes = quotes_in(sentence, context, signals.according);
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
    context.next_sentence();

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
