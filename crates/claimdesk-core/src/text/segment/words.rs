//! The words around a period: the abbreviation and sentence-starter lists, the class of the word before a
//! period ([`WordClass`]), and how that word and the next one are cut out of the text.
//!
//! These are the data and lookups behind the abbreviation, initial and "U.S." golden rules; the decision that
//! uses them is in `terminators`.

use std::sync::OnceLock;

/// Words that, after an ambiguous abbreviation such as "U.S." or an initial, show that a new sentence began.
/// (The same idea as pySBD's and pragmatic_segmenter's sentence-starter list.)
pub(super) const STARTERS: &[&str] = &[
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

type WordSet = std::collections::HashSet<&'static str, crate::FxBuildHasher>;

static PREPOSITIVE_SET: OnceLock<WordSet> = OnceLock::new();
static ABBREVIATION_SET: OnceLock<WordSet> = OnceLock::new();

fn set_of(cell: &'static OnceLock<WordSet>, words: &'static [&'static str]) -> &'static WordSet {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// The class of the word before a period, which decides how the following word is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WordClass {
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

pub(super) fn classify(word: &str) -> WordClass {
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
    // At most 12 bytes: an ASCII word is lower-cased on the stack (most are), any other one into a string.
    let mut buf = [0u8; 12];
    let owned;
    let lower: &str = match buf.get_mut(..word.len()) {
        Some(b) if word.is_ascii() => {
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or("")
        }
        _ => {
            owned = word.to_lowercase();
            &owned
        }
    };
    if set_of(&PREPOSITIVE_SET, PREPOSITIVE).contains(lower) {
        return WordClass::Prepositive;
    }
    if word == "A.M" || word == "P.M" {
        return WordClass::UpperAmPm;
    }
    if is_multi_period(word) {
        return WordClass::MultiPeriod;
    }
    if set_of(&ABBREVIATION_SET, ABBREVIATIONS).contains(lower) {
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
pub(super) fn word_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric()))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// The word before the terminator at `i`, back to whitespace, an opening bracket/quote, or the last cut.
pub(super) fn word_before(text: &str, i: usize, last_cut: usize) -> &str {
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
