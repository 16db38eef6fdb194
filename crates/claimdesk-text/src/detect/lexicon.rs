//! The cue lexicon: the phrases that signal statistics, speech, events, dates, comparisons, causes, unnamed
//! sources, opinion, hedging and vagueness, and their index by first word.
//!
//! Kept apart from the matching in `signals` because it is data: editors and the training notes extend these
//! lists, and the lookup structure built from them should not change when they do.

use std::collections::HashMap;
use std::sync::OnceLock;

use claimdesk_core::text::numbers::{MONTHS, WEEKDAYS};
use claimdesk_core::text::quotes::SPEECH_VERBS;

/// Lexical cues, matched on lower-cased word sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
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
    /// A statement of intent ("plans to", "a readiness to"); not a model feature.
    Intent,
    /// A stance taken by an actor ("turned down", "rejected"); not a model feature.
    Stance,
    /// A news-style judgement ("keeps building", "than ever"); not a model feature.
    Judgement,
    /// "i", "we", "my", "our", "me", "us".
    FirstPerson,
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

/// One phrase of the lexicon: its words, their FNV-1a hashes (the hashes the tokens carry, [`Tokens::hash`]) and
/// its cue.
///
/// [`Tokens::hash`]: crate::features::Tokens::hash
pub(super) struct Phrase {
    pub words: Vec<&'static str>,
    pub hashes: Vec<u64>,
    pub cue: Cue,
}

/// The phrases indexed by the hash of their first word, in an open-addressing table: the tokenizer already hashed
/// every token for the model, so a lookup is a multiply, a load and a compare, and most tokens (no phrase starts
/// with them) stop at an empty slot. The caller compares the words themselves, so a hash collision cannot match.
pub(super) struct Lexicon {
    /// 0 for an empty slot, else 1 + an index into `keys` and `phrases`.
    slots: Vec<u32>,
    bits: u32,
    keys: Vec<u64>,
    phrases: Vec<Vec<Phrase>>,
}

impl Lexicon {
    fn slot(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize
    }

    /// The phrases whose first word has this hash (usually none).
    pub(super) fn starting_with(&self, hash: u64) -> &[Phrase] {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(hash);
        loop {
            match self.slots.get(i).copied().unwrap_or(0) {
                0 => return &[],
                k => {
                    let k = k as usize - 1;
                    if self.keys.get(k) == Some(&hash) {
                        return self.phrases.get(k).map_or(&[], Vec::as_slice);
                    }
                    i = (i + 1) & mask;
                }
            }
        }
    }
}

fn fnv(word: &str) -> u64 {
    claimdesk_core::fnv1a(word.as_bytes(), claimdesk_core::hash::FNV_OFFSET)
}

/// Phrase lexicon indexed by its first word, so matching costs one table probe per token.
pub(super) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let speech_verbs: (Cue, &[&str]) = (Cue::SpeechVerb, SPEECH_VERBS);
        let according: (Cue, &[&str]) = (Cue::According, &["according to"]);
        let first_person: (Cue, &[&str]) =
            (Cue::FirstPerson, &["i", "we", "my", "our", "me", "us"]);
        // Month and weekday names come from the core's number and date words, shared with the evidence step.
        let months: (Cue, &[&str]) = (Cue::Date, MONTHS);
        let weekdays: (Cue, &[&str]) = (Cue::Date, WEEKDAYS);
        let mut by_first: HashMap<u64, Vec<Phrase>> = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        for (cue, phrases) in LEXICON
            .iter()
            .chain([&speech_verbs, &according, &first_person, &months, &weekdays])
            .chain(super::news_lexicon::NEWS_LEXICON)
        {
            for phrase in *phrases {
                let words: Vec<&'static str> = phrase.split(' ').collect();
                let hashes: Vec<u64> = words.iter().map(|w| fnv(w)).collect();
                let Some(&key) = hashes.first() else { continue };
                if !by_first.contains_key(&key) {
                    order.push(key);
                }
                by_first.entry(key).or_default().push(Phrase {
                    words,
                    hashes,
                    cue: *cue,
                });
            }
        }
        // At most a quarter of the slots used, so probes stay short.
        let bits = (order.len() * 4)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mut lex = Lexicon {
            slots: vec![0; 1 << bits],
            bits,
            keys: Vec::with_capacity(order.len()),
            phrases: Vec::with_capacity(order.len()),
        };
        let mask = lex.slots.len() - 1;
        for key in order {
            let mut i = lex.slot(key);
            while lex.slots.get(i).is_some_and(|&k| k != 0) {
                i = (i + 1) & mask;
            }
            lex.keys.push(key);
            lex.phrases.push(by_first.remove(&key).unwrap_or_default());
            if let Some(slot) = lex.slots.get_mut(i) {
                *slot = lex.keys.len() as u32;
            }
        }
        lex
    })
}
