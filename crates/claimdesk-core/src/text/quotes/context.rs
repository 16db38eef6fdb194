//! The people and organisations named so far in a draft, for resolving "she", "the president" and a bare surname
//! to the full name, and for saying which sentence that name came from.

use serde::{Deserialize, Serialize};

use super::names::{is_org, names_in, role_of, surname, without_titles, Mention};

/// A speaker as resolved for one quote or attribution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// The speaker's fullest known name (or the phrase itself when nothing better is known). `None` when the
    /// mention could not be resolved safely.
    pub speaker: Option<String>,
    /// Index of the sentence (counted by [`SpeakerContext::next_sentence`]) that names the speaker.
    pub from: Option<usize>,
    /// The words of this sentence that refer to the speaker ("she", "the mayor"), when they differ from `speaker`.
    pub mention: Option<String>,
    /// When `speaker` is `None` because several people fit: the most recently named of them.
    pub candidate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Named {
    name: String,
    /// The sentence the name last appeared in, in full.
    at: usize,
    /// The sentence it was last referred to (by name or resolved mention): the pronoun window counts from here.
    seen: usize,
    org: bool,
}

/// Speakers seen in the preceding sentences, for resolving "he said", "the mayor said" and "Ortiz said".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerContext {
    /// Named people and organisations, most recently seen last.
    named: Vec<Named>,
    sentence: usize,
    /// The speaker of the last quote and the sentence it was in, for a quotation continued in the next sentence.
    last_quote: Option<(Resolution, usize)>,
    /// Every multi-word name mentioned so far and the sentence it was last mentioned in: what a bare surname or
    /// "the mayor" may stand for (never a pronoun: a name in passing is not a speaker in view).
    mentioned: Vec<(String, usize)>,
    /// How many sentences a quotation has stayed open (0: none open), capped so that a stray mark does not make
    /// the rest of a draft a quotation.
    open_quote: usize,
}

impl SpeakerContext {
    /// How many sentences back a named speaker may be to resolve a pronoun.
    const WINDOW: usize = 3;
    /// How many speakers are remembered (a draft's cast; older ones are forgotten first).
    const CAPACITY: usize = 64;
    /// How many names mentioned in passing are remembered.
    const MENTIONED: usize = 48;

    /// Moves on to the next sentence: names seen more than [`Self::WINDOW`] sentences ago stop resolving pronouns.
    pub fn next_sentence(&mut self) {
        self.sentence += 1;
    }

    /// Index of the current sentence (0 for the first).
    pub fn sentence(&self) -> usize {
        self.sentence
    }

    /// Records a speaker named in full in the current sentence.
    pub fn note(&mut self, name: &str) {
        let at = self.sentence;
        self.note_seen(name, at);
    }

    /// Records that `name` (named in full in sentence `at`) was referred to in the current sentence.
    fn note_seen(&mut self, name: &str, at: usize) {
        self.named.retain(|n| n.name != name);
        self.named.push(Named {
            name: name.to_string(),
            at,
            seen: self.sentence,
            org: is_org(name),
        });
        if self.named.len() > Self::CAPACITY {
            self.named.remove(0);
        }
    }

    /// Longest run of sentences one quotation is taken to span.
    const MAX_QUOTE_SENTENCES: usize = 8;

    /// Whether the current sentence starts inside a quotation opened in an earlier one.
    pub fn inside_quote(&self) -> bool {
        self.open_quote > 0
    }

    /// Records whether a quotation is still open at the end of the current sentence.
    pub fn set_quote_open(&mut self, open: bool) {
        self.open_quote = if open && self.open_quote < Self::MAX_QUOTE_SENTENCES {
            self.open_quote + 1
        } else {
            0
        };
    }

    /// Remembers the multi-word names of the current sentence (see `mentioned`).
    pub fn observe(&mut self, sentence: &str) {
        for name in names_in(sentence) {
            if let Some(i) = self.mentioned.iter().rposition(|(n, _)| *n == name) {
                self.mentioned.remove(i);
            }
            self.mentioned.push((name, self.sentence));
        }
        // A draft's recent cast is enough for surnames; a longer list costs every sentence a longer scan.
        if self.mentioned.len() > Self::MENTIONED {
            self.mentioned.drain(..Self::MENTIONED / 4);
        }
    }

    /// Named speakers (most recent first), then names mentioned in passing, with the sentence naming each.
    fn candidates(&self) -> impl Iterator<Item = (&String, usize)> {
        self.named
            .iter()
            .rev()
            .map(|n| (&n.name, n.at))
            .chain(self.mentioned.iter().rev().map(|(n, at)| (n, *at)))
    }

    /// Full names whose last word is `surname`; one person under a longer and a shorter form ("Gov. Kristi
    /// Noem", "Kristi Noem") is one fit.
    fn with_surname(&self, surname: &str) -> Vec<(String, usize)> {
        let mut fits: Vec<(String, usize)> = Vec::new();
        // The substring test first: most names do not hold the surname at all, and it is far cheaper.
        for (name, at) in self.candidates().filter(|(n, _)| n.contains(surname)) {
            let full = without_titles(name);
            if full.contains(' ')
                && self::surname(full) == Some(surname)
                && !fits
                    .iter()
                    .any(|(f, _)| f.ends_with(full) || full.ends_with(f.as_str()))
            {
                fits.push((name.clone(), at));
            }
        }
        fits
    }

    /// Full names carrying `role` as a title ("Mayor Jane Ortiz" for "mayor").
    fn with_role(&self, role: &str) -> Vec<(String, usize)> {
        let mut fits: Vec<(String, usize)> = Vec::new();
        for (name, at) in self.candidates() {
            if name.contains(' ')
                && role_of(name) == Some(role)
                && !fits.iter().any(|(f, _)| f == name)
            {
                fits.push((name.clone(), at));
            }
        }
        fits
    }

    /// Records a resolved speaker so that the pronoun window counts from this sentence.
    pub fn note_resolution(&mut self, r: &Resolution) {
        if let (Some(name), Some(from)) = (&r.speaker, r.from) {
            if from == self.sentence {
                self.note(name);
            } else {
                self.note_seen(name, from);
            }
        }
    }

    /// Remembers the speaker of this sentence's last quote, for a quotation that continues in the next one.
    pub fn note_quote(&mut self, r: &Resolution) {
        if r.speaker.is_some() {
            self.last_quote = Some((r.clone(), self.sentence));
        }
    }

    /// The speaker of a quote in the sentence just before, for a sentence that is only a continued quotation.
    pub fn continued_quote(&self) -> Option<Resolution> {
        let (r, at) = self.last_quote.as_ref()?;
        (*at + 1 == self.sentence).then(|| Resolution {
            mention: None,
            ..r.clone()
        })
    }

    /// The one person named within the window, or `None` when there are zero or several (not safe to guess).
    pub fn resolve_pronoun(&self) -> Option<String> {
        self.resolve(&Mention::Pronoun("he".into())).speaker
    }

    /// Resolves a mention against the names seen so far.
    pub(crate) fn resolve(&self, m: &Mention) -> Resolution {
        let here = self.sentence;
        match m {
            Mention::Pronoun(p) => {
                let people = p != "they";
                let fits: Vec<&Named> = self
                    .named
                    .iter()
                    .rev()
                    .filter(|n| here.saturating_sub(n.seen) <= Self::WINDOW && (!people || !n.org))
                    .collect();
                match fits.as_slice() {
                    [one] => self.resolved(one, p),
                    // The subject or speaker of the sentence just before, when every other fit is at least three
                    // sentences back: news copy puts "she said" right after the sentence that named her.
                    [latest, rest @ ..]
                        if latest.seen + 1 == here && rest.iter().all(|n| n.seen + 3 <= here) =>
                    {
                        self.resolved(latest, p)
                    }
                    [latest, ..] => Resolution {
                        mention: Some(p.clone()),
                        candidate: Some(latest.name.clone()),
                        ..Resolution::default()
                    },
                    [] => Resolution {
                        mention: Some(p.clone()),
                        ..Resolution::default()
                    },
                }
            }
            Mention::Name(name) if !without_titles(name).contains(' ') => {
                // A bare surname ("Ortiz", "Ms Persson") stands for the one full name ending with it, however far
                // back.
                match self.with_surname(without_titles(name)).as_slice() {
                    [(full, at)] => self.resolved_to(full, *at, name),
                    _ => self.here(name),
                }
            }
            Mention::Phrase(phrase) => {
                let role = phrase
                    .split(' ')
                    .nth(1)
                    .filter(|_| phrase.split(' ').count() == 2)
                    .and_then(role_of);
                let Some(role) = role else {
                    return self.here(phrase);
                };
                // "the mayor" stands for the one person named with that title ("Mayor Jane Ortiz").
                match self.with_role(role).as_slice() {
                    [(full, at)] => self.resolved_to(full, *at, phrase),
                    [] => self.here(phrase),
                    [(latest, _), ..] => Resolution {
                        mention: Some(phrase.clone()),
                        candidate: Some(latest.clone()),
                        ..Resolution::default()
                    },
                }
            }
            Mention::Name(name) => self.here(name),
        }
    }

    fn resolved_to(&self, name: &str, at: usize, mention: &str) -> Resolution {
        Resolution {
            speaker: Some(name.to_string()),
            from: Some(at),
            mention: (name != mention).then(|| mention.to_string()),
            candidate: None,
        }
    }

    fn resolved(&self, n: &Named, mention: &str) -> Resolution {
        Resolution {
            speaker: Some(n.name.clone()),
            from: Some(n.at),
            mention: (n.name != mention).then(|| mention.to_string()),
            candidate: None,
        }
    }

    fn here(&self, name: &str) -> Resolution {
        Resolution {
            speaker: Some(name.to_string()),
            from: Some(self.sentence),
            mention: None,
            candidate: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_roles_and_pronouns() {
        let mut ctx = SpeakerContext::default();
        ctx.note("Mayor Jane Ortiz");
        ctx.next_sentence();
        let r = ctx.resolve(&Mention::Name("Ortiz".into()));
        assert_eq!(
            (r.speaker.as_deref(), r.from),
            (Some("Mayor Jane Ortiz"), Some(0))
        );
        let r = ctx.resolve(&Mention::Phrase("the mayor".into()));
        assert_eq!(r.speaker.as_deref(), Some("Mayor Jane Ortiz"));
        assert_eq!(r.mention.as_deref(), Some("the mayor"));
        ctx.note("Tom Reed");
        let r = ctx.resolve(&Mention::Pronoun("he".into()));
        assert_eq!(
            (r.speaker, r.candidate.as_deref()),
            (None, Some("Tom Reed"))
        );
        let r = ctx.resolve(&Mention::Phrase("one diplomat".into()));
        assert_eq!(
            (r.speaker.as_deref(), r.from),
            (Some("one diplomat"), Some(1))
        );
    }

    #[test]
    fn organisations_are_not_she() {
        let mut ctx = SpeakerContext::default();
        ctx.note("Finance Ministry");
        ctx.note("Jane Ortiz");
        ctx.next_sentence();
        assert_eq!(ctx.resolve_pronoun().as_deref(), Some("Jane Ortiz"));
    }
}
