//! Who said a quote or a reported clause: the attribution forms of news copy.
//!
//! After the quote ("…,” said Smith / Smith said / one diplomat said / she told reporters), before it ("Smith
//! said: “…”", "The mayor said that the budget is “not negotiable”", "The mayor rejected the plan, declaring that
//! …"), split around its attribution (the second half of “…,” she said, “…” takes the first half's speaker), a
//! quotation continued from the sentence before, and "according to X". The mention found is then resolved against
//! the [`SpeakerContext`] ("she", "the mayor", a surname).

use super::context::{Resolution, SpeakerContext};
use super::names::{
    bare, is_speech_participle, is_speech_verb, mention_in_segments, mention_of, name_at,
    name_before, subject_of, words_with_starts, Mention, PRONOUNS,
};

/// Where a quote sits in its sentence, for [`speaker_for_quote`].
pub(crate) struct QuoteSite<'a> {
    /// The whole sentence.
    pub text: &'a str,
    /// Byte offset of the opening mark (or of the inner start for a quote opened in an earlier sentence).
    pub open: usize,
    /// Byte offset just past the closing mark.
    pub close_end: usize,
    /// Where the previous quote of the sentence closed (0 for the first): the attribution before this quote
    /// is looked for only after it.
    pub prev_end: usize,
    /// Where the next quote of the sentence opens (the sentence's end for the last).
    pub next_open: usize,
}

/// Finds and resolves the speaker of one quote; `previous` is the resolution of the quote before it in the same
/// sentence, if any. The flag says the speaker is named next to this quote (or by "according to"), not taken from
/// another quote: only such a speaker makes a short quote worth keeping, so a scare quote after a real one
/// ("… “we will not resign” and 'never' …") stays out.
pub(crate) fn speaker_for_quote(
    site: &QuoteSite<'_>,
    context: &SpeakerContext,
    previous: Option<&Resolution>,
    has_according: bool,
) -> (Resolution, bool) {
    if let Some(m) = after_quote(site).or_else(|| before_quote(site)) {
        return (context.resolve(&m), true);
    }
    if let Some(prev) = previous.filter(|p| p.speaker.is_some() || p.candidate.is_some()) {
        return (prev.clone(), false);
    }
    if has_according {
        if let Some(name) = according_to(site.text) {
            return (context.resolve(&Mention::Name(name)), true);
        }
    }
    // A sentence that opens with the quote and names nobody continues the quotation of the sentence before.
    if previous.is_none()
        && site
            .text
            .get(..site.open)
            .is_some_and(|h| h.trim().is_empty())
    {
        if let Some(r) = context.continued_quote() {
            return (r, false);
        }
    }
    (Resolution::default(), false)
}

/// "…,” said Smith", "…,” Smith said", "…,” one diplomat said", "…,” she told reporters".
fn after_quote(site: &QuoteSite<'_>) -> Option<Mention> {
    let after = site
        .text
        .get(site.close_end..site.next_open.max(site.close_end))?;
    let after = after.trim_start_matches([',', ' ', '—', '–', '-', '’', '”', '"']);
    let words: Vec<&str> = after
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    let k = words.iter().position(|w| is_speech_verb(w))?;
    if k == 0 {
        let verb_at = site.text.len() - after.len() + words.first().map_or(0, |w| w.len()) + 1;
        if let Some(name) = name_at(site.text, verb_at) {
            return Some(Mention::Name(name));
        }
        return mention_of(&phrase_until_punct(&words[1..]));
    }
    // The words before the verb must all be the speaker ("…,” the mayor of Springfield said").
    if words[..k].iter().any(|w| w.ends_with(['.', '!', '?'])) {
        return None;
    }
    mention_of(&words[..k]).or_else(|| {
        // "…,” Will Moy, chief executive of Full Fact, told the BBC": the name before the apposition.
        let comma = words[..k].iter().position(|w| w.ends_with(','))?;
        match mention_of(&words[..=comma])? {
            m @ Mention::Name(_) => Some(m),
            _ => None,
        }
    })
}

/// Words up to and including the first that ends a phrase (",", "." — titles like "Sen." excepted), at most six.
fn phrase_until_punct<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for w in words.iter().take(6) {
        out.push(*w);
        let title = matches!(
            bare(w),
            "Mr" | "Mrs" | "Ms" | "Dr" | "Sen" | "Rep" | "Gov" | "Gen" | "Prof"
        );
        if w.ends_with([',', '.', ';', ':', '!', '?']) && !title {
            break;
        }
    }
    out
}

/// "Smith said: “…”", "The mayor said that the budget is “…”", "…, declaring that the budget is “…”".
fn before_quote(site: &QuoteSite<'_>) -> Option<Mention> {
    let before = site.text.get(site.prev_end..site.open)?;
    let words = words_with_starts(before);
    // The nearest speech verb with a speaker in front of it ("Pompeo said that Washington had concluded … “…”"
    // is Pompeo's: "Washington had" is no speaker, so the search goes on to "said").
    for (i, &(at, verb)) in words.iter().enumerate().rev() {
        if is_speech_participle(verb) {
            // The participle's subject is the sentence's ("The mayor rejected the plan, declaring that …").
            let clause = site.text.get(site.prev_end..).unwrap_or("");
            if let Some(m) = subject_of(clause).or_else(|| subject_of(site.text)) {
                return Some(m);
            }
            // "…, the Electoral Commission, which regulates …, issued a statement warning that “…”".
            let head: Vec<&str> = words[..i].iter().map(|&(_, w)| w).collect();
            if let Some(m @ Mention::Name(_)) = mention_in_segments(&head) {
                return Some(m);
            }
            continue;
        }
        if !is_speech_verb(verb) {
            continue;
        }
        if let Some(name) = name_before(site.text, site.prev_end + at) {
            return Some(Mention::Name(name));
        }
        let head: Vec<&str> = words[..i].iter().map(|&(_, w)| w).collect();
        if let Some(last) = head.last().filter(|w| PRONOUNS.contains(&bare(w))) {
            return Some(Mention::Pronoun(bare(last).to_ascii_lowercase()));
        }
        if let Some(m) = phrase_before(&head) {
            return Some(m);
        }
        if head.last().is_some_and(|w| w.ends_with(',')) {
            // "the People’s Daily, the mouthpiece of the Communist party, warned that …".
            if let Some(m) = mention_in_segments(&head) {
                return Some(m);
            }
        }
    }
    None
}

/// The shortest determiner phrase ending the clause `head` ("the mayor", "one diplomat"), stretched over "for/of"
/// ("a spokeswoman for the ministry").
fn phrase_before(head: &[&str]) -> Option<Mention> {
    let lo = head.len().saturating_sub(6);
    let mut found = None;
    for start in (lo..head.len()).rev() {
        if head[start].ends_with([',', ';', ':']) {
            break;
        }
        if let Some(m @ Mention::Phrase(_)) = mention_of(&head[start..]) {
            let before = start.checked_sub(1).map(|j| bare(head[j]));
            found = Some(m);
            if !matches!(before, Some("for" | "of" | "at" | "from")) {
                break;
            }
        }
    }
    found
}

/// The source of a sentence without quotation marks: "according to X", "Smith said …", "… , said Smith.", "The
/// Finance Ministry acknowledged that …", "She added that …" — resolved against `context`. Unnamed sources ("one
/// official", "sources said") are not returned: they are flagged, not named.
pub fn attributed_source(text: &str, context: &SpeakerContext) -> Option<Resolution> {
    if let Some(name) = according_to(text) {
        return Some(context.resolve(&Mention::Name(name)));
    }
    let words = words_with_starts(text);
    for (i, &(at, w)) in words.iter().enumerate() {
        if !is_speech_verb(w) {
            continue;
        }
        let head: Vec<&str> = words[..i].iter().map(|&(_, w)| w).collect();
        // "told The Hill", "asked the minister": what follows these verbs is the listener, not the speaker.
        let object_follows = matches!(bare(w), "told" | "tells" | "asked" | "urged" | "accused");
        let mention = if let Some(p) = head.last().filter(|w| PRONOUNS.contains(&bare(w))) {
            Some(Mention::Pronoun(bare(p).to_ascii_lowercase()))
        } else if let Some(name) = name_before(text, at) {
            Some(Mention::Name(name))
        } else if let Some(phrase) = phrase_before(&head) {
            Some(phrase)
        } else {
            head.last()
                .filter(|w| w.ends_with(','))
                .and_then(|_| mention_in_segments(&head))
                .or_else(|| {
                    (!object_follows)
                        .then(|| name_at(text, at + w.len() + 1).map(Mention::Name))
                        .flatten()
                })
        };
        let Some(mention) = mention else { continue };
        let r = context.resolve(&mention);
        let named = match (&mention, &r.speaker) {
            (Mention::Phrase(p), Some(s)) => {
                s != p
                    || p.split(' ')
                        .skip(1)
                        .any(|w| w.starts_with(char::is_uppercase))
            }
            _ => true,
        };
        if named && (r.speaker.is_some() || r.candidate.is_some()) {
            return Some(r);
        }
    }
    None
}

/// "according to the IMF" → "the IMF"; "according to Jane Doe, …" → "Jane Doe".
pub fn according_to(text: &str) -> Option<String> {
    let at = find_ignoring_ascii_case(text, "according to ")? + "according to ".len();
    let rest = text.get(at..)?;
    let (article, rest_at) = if rest.starts_with("the ") {
        ("the ", at + 4)
    } else {
        ("", at)
    };
    let name = name_at(text, rest_at)?;
    Some(format!("{article}{name}"))
}

/// Byte offset of the first occurrence of `needle` (lower-case ASCII) in `text`, ignoring ASCII case: what
/// `text.to_ascii_lowercase().find(needle)` says (lower-casing ASCII keeps every offset), without the copy.
pub(crate) fn find_ignoring_ascii_case(text: &str, needle: &str) -> Option<usize> {
    let (hay, pat) = (text.as_bytes(), needle.as_bytes());
    let first = *pat.first()?;
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay).find(|&i| {
        hay.get(i..i + pat.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(pat))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str, quote: &str) -> QuoteSite<'static> {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let a = text.find(quote).unwrap_or(0);
        let open = text
            .get(..a)
            .and_then(|h| h.char_indices().next_back())
            .map_or(0, |(i, _)| i);
        let close_end = text
            .get(a + quote.len()..)
            .and_then(|t| t.chars().next())
            .map_or(text.len(), |c| a + quote.len() + c.len_utf8());
        QuoteSite {
            text,
            open,
            close_end,
            prev_end: 0,
            next_open: text.len(),
        }
    }

    #[test]
    fn speaker_after_the_quote_as_a_phrase() {
        let s = site(
            "“That is not acceptable,” one diplomat said.",
            "That is not acceptable,",
        );
        assert_eq!(
            after_quote(&s),
            Some(Mention::Phrase("one diplomat".into()))
        );
        let s = site("“We will see,” she told reporters.", "We will see,");
        assert_eq!(after_quote(&s), Some(Mention::Pronoun("she".into())));
    }

    #[test]
    fn speaker_before_the_quote_and_participles() {
        let s = site(
            "The mayor rejected the plan, declaring that the budget is “not negotiable”.",
            "not negotiable",
        );
        assert_eq!(before_quote(&s), Some(Mention::Phrase("The mayor".into())));
        let s = site("Ortiz told the council: “We are broke.”", "We are broke.");
        assert_eq!(before_quote(&s), Some(Mention::Name("Ortiz".into())));
    }

    #[test]
    fn sources_of_reported_speech() {
        let ctx = SpeakerContext::default();
        let src = |t: &str| attributed_source(t, &ctx).and_then(|r| r.speaker);
        assert_eq!(
            src("The Finance Ministry acknowledged that revenue fell by 3%.").as_deref(),
            Some("Finance Ministry")
        );
        assert_eq!(src("Sources said the minister would resign."), None);
        assert_eq!(
            src("One senior official said the talks had collapsed."),
            None
        );
        assert_eq!(
            src("The deal will pass, said Jane Doe.").as_deref(),
            Some("Jane Doe")
        );
    }
}
