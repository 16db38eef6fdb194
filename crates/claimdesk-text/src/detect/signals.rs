//! The rule signals of one sentence: which lexicon cues, quotations, first-person words and proper nouns it
//! holds.
//!
//! The same signals feed two consumers, the rule-based kinds and flags of [`super::Detection`] and the learned
//! model's features ([`crate::features`]), so they are computed in one place and both stay in step.

use claimdesk_core::text::quotes::{word_count, MIN_QUOTE_WORDS};

use super::lexicon::{lexicon, Cue};
use crate::features::Tokens;

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
    /// A verb of [`SPEECH_VERBS`](claimdesk_core::text::quotes::SPEECH_VERBS): worth looking for a named speaker.
    pub speech_verb: bool,
    /// "according to": worth looking for its source.
    pub according: bool,
    /// A statement of intent (not a model feature).
    pub intent: bool,
    /// A stance taken by an actor, "turned down", "rejected" (not a model feature).
    pub stance: bool,
    /// A news-style judgement, "the pressure keeps building" (not a model feature).
    pub judgement: bool,
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
    for i in 0..toks.len() {
        let Some(hash) = toks.hash(i) else { continue };
        for phrase in lex.starting_with(hash) {
            // The hashes first (no string compared for a phrase that does not follow), then the words themselves.
            let matches = phrase
                .hashes
                .iter()
                .enumerate()
                .all(|(j, &h)| toks.hash(i + j) == Some(h))
                && phrase
                    .words
                    .iter()
                    .enumerate()
                    .all(|(j, w)| toks.get(i + j) == *w);
            if !matches {
                continue;
            }
            match phrase.cue {
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
                Cue::Intent => s.intent = true,
                Cue::Stance => s.stance = true,
                Cue::Judgement => s.judgement = true,
                Cue::FirstPerson => s.first_person = true,
            }
        }
    }
    s.question = text.trim_end().ends_with('?');
    s.quotation = quote_spans
        .iter()
        .any(|&(a, b)| word_count(text.get(a..b).unwrap_or("")) >= MIN_QUOTE_WORDS);
    s.proper_noun = toks.proper_noun;
    s
}
