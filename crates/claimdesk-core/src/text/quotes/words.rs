//! The closed word lists of attribution (speech verbs, determiners, titles, roles, organisation words), and set
//! lookups over the ones asked about for every word of a sentence.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Fx-hashed (eight bytes at a time): these sets are asked about nearly every word of a draft.
type WordSet = HashSet<&'static str, crate::FxBuildHasher>;

fn set_of(cell: &'static OnceLock<WordSet>, words: &'static [&'static str]) -> &'static WordSet {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// Whether `w` (already without punctuation) is one of [`SPEECH_VERBS`]: asked for every word of every
/// sentence, so a hash lookup rather than a scan of the list.
pub(crate) fn speech_verb(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    w.len() >= 4
        && w.starts_with(|c: char| c.is_ascii_lowercase())
        && set_of(&SET, SPEECH_VERBS).contains(w)
}

/// Whether `w` (without punctuation) is one of [`SPEECH_PARTICIPLES`].
pub(crate) fn speech_participle(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    w.ends_with("ing") && set_of(&SET, SPEECH_PARTICIPLES).contains(w)
}

/// Whether `w` is one of [`AUXILIARIES`].
pub(crate) fn auxiliary(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    // The auxiliaries are lower-case words of 2 to 6 letters: most words are ruled out before hashing.
    (2..=6).contains(&w.len())
        && w.starts_with(|c: char| c.is_ascii_lowercase())
        && set_of(&SET, AUXILIARIES).contains(w)
}

/// Whether `w` is one of [`NOT_NAMES`].
pub(crate) fn not_name(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    w.starts_with(|c: char| c.is_ascii_uppercase()) && set_of(&SET, NOT_NAMES).contains(w)
}

/// Whether `w` is one of [`ORG_WORDS`].
pub(crate) fn org_word(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    w.starts_with(|c: char| c.is_ascii_uppercase()) && set_of(&SET, ORG_WORDS).contains(w)
}

/// Whether `w` is one of [`CONNECTORS`] (asked for every word of a sentence with names in it).
pub(crate) fn connector(w: &str) -> bool {
    (2..=3).contains(&w.len()) && CONNECTORS.contains(&w)
}

/// Whether `w` is one of [`PARTICLES`].
pub(crate) fn particle(w: &str) -> bool {
    (2..=3).contains(&w.len()) && PARTICLES.contains(&w)
}

/// Verbs of speech that tie a name to what was said ("said", "told", "acknowledged"); the detector's
/// lexicon uses the same list.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "wrote",
    "writes",
    "argued",
    "argues",
    "explained",
    "noted",
    "notes",
    "insisted",
    "insists",
    "warned",
    "warns",
    "asked",
    "replied",
    "claimed",
    "claims",
    "declared",
    "tweeted",
    "recalled",
    "continued",
    "acknowledged",
    "acknowledges",
    "admitted",
    "announced",
    "announces",
    "stressed",
    "stresses",
    "emphasised",
    "emphasized",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "conceded",
    "countered",
    "responded",
    "maintained",
    "revealed",
    "reported",
    "estimated",
    "observed",
    "commented",
    "remarked",
    "testified",
    "alleged",
    "asserted",
    "contended",
    "complained",
    "suggested",
    "urged",
    "predicted",
    "promised",
    "pledged",
    "vowed",
    "signalled",
    "signaled",
    "indicated",
    "disclosed",
    "concluded",
    "agreed",
    "chanted",
    "shouted",
    "quipped",
    "wondered",
    "pointed",
    "reiterated",
    "accused",
];

/// Participles that attribute a clause to the sentence's subject ("…, declaring that …", "…, saying …").
pub(crate) const SPEECH_PARTICIPLES: &[&str] = &[
    "saying",
    "declaring",
    "adding",
    "warning",
    "insisting",
    "noting",
    "arguing",
    "stressing",
    "telling",
    "claiming",
    "explaining",
    "vowing",
    "pledging",
    "calling",
    "describing",
    "announcing",
    "acknowledging",
    "admitting",
    "writing",
    "tweeting",
];

/// Personal pronouns that can stand for a speaker.
pub(crate) const PRONOUNS: &[&str] = &["he", "she", "they", "He", "She", "They"];

/// Words that open a descriptive noun phrase ("one diplomat", "the mayor", "a spokeswoman for the ministry").
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "another", "his", "her", "its", "their", "two", "three", "several",
    "some", "this", "that", "our",
];

/// Words after which a subject noun phrase has ended: auxiliaries and modals.
pub(crate) const AUXILIARIES: &[&str] = &[
    "is", "was", "are", "were", "has", "have", "had", "did", "does", "do", "will", "would",
    "could", "can", "should", "may", "might", "must", "also", "then", "now", "still", "who",
    "which", "that",
];

/// Words that are capitalised at the start of a sentence but never begin a name.
pub(crate) const NOT_NAMES: &[&str] = &[
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
    "His",
    "Her",
    "Their",
    "Its",
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
    "One",
    "Another",
];

/// Words that make a name an organisation, not a person (a pronoun "she" never resolves to one).
pub(crate) const ORG_WORDS: &[&str] = &[
    "Ministry",
    "Department",
    "Office",
    "Council",
    "Committee",
    "Party",
    "Bank",
    "Fund",
    "Inc",
    "Corp",
    "Group",
    "University",
    "Government",
    "Agency",
    "Commission",
    "Court",
    "Police",
    "Association",
    "Union",
    "Company",
    "Institute",
    "Service",
    "Authority",
    "Board",
    "House",
    "Senate",
    "Congress",
    "Parliament",
    "Cabinet",
    "Administration",
    "Organization",
    "Organisation",
    "Federation",
    "Times",
    "News",
    "Post",
    "Reuters",
];

/// Titles and roles that a name can carry ("Mayor Jane Ortiz") and a later sentence can use alone ("the mayor").
pub(crate) const ROLES: &[&str] = &[
    "president",
    "mayor",
    "minister",
    "governor",
    "senator",
    "chancellor",
    "secretary",
    "premier",
    "judge",
    "director",
    "commissioner",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "king",
    "queen",
    "prince",
    "pope",
    "general",
    "coach",
    "prosecutor",
    "sheriff",
    "representative",
    "congressman",
    "congresswoman",
];

pub(crate) const PARTICLES: &[&str] = &["de", "van", "von", "da", "bin", "al", "del", "la"];

/// Lower-case words inside a name or title ("Secretary of State", "High Commissioner for Human Rights").
pub(crate) const CONNECTORS: &[&str] = &["of", "for"];

/// Adverbs set off between a subject and its verb ("Netanyahu, however, said"), skipped when looking back.
pub(crate) const INSERTS: &[&str] = &[
    "however,",
    "though,",
    "meanwhile,",
    "also",
    "too,",
    "then",
    "instead,",
    "later",
];
