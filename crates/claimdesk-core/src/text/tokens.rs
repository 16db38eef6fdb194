//! The one tokenizer: where a word starts and ends.
//!
//! A word is a run of letters and digits, with an inner apostrophe between letters ("don't", "O’Brien") and an
//! inner comma or full stop between digits ("1,200.5") kept inside it. The currency and percent signs
//! `$ % € £` are words of their own, marked [`Word::symbol`], because the detector reads them as statistics cues;
//! the evidence step skips them. Consumers build their own views on the spans (the detector folds numbers into
//! shapes, the evidence step stems), so both agree on what a word is.

/// A word's byte span in the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// One of `$ % € £`, not a run of letters and digits.
    pub symbol: bool,
}

impl Word {
    /// The word's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let inner = start.is_some()
            && match (prev, next) {
                (Some(p), Some(n)) => {
                    (matches!(c, '\'' | '\u{2019}') && p.is_alphabetic() && n.is_alphabetic())
                        || (matches!(c, '.' | ',') && p.is_ascii_digit() && n.is_ascii_digit())
                }
                _ => false,
            };
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                out.push(Word {
                    start: s,
                    end: i,
                    symbol: false,
                });
            }
            if matches!(c, '$' | '%' | '€' | '£') {
                out.push(Word {
                    start: i,
                    end: i + c.len_utf8(),
                    symbol: true,
                });
            }
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
            symbol: false,
        });
    }
    out
}

/// A word lower-cased, with the typographic apostrophe as a straight one: the form both the detector's features
/// and the evidence step's stems start from.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] appended to `out`, without allocating per word.
pub fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if c == '\u{2019}' {
            out.push('\'');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        words(s).iter().map(|w| w.text(s)).collect()
    }

    #[test]
    fn keeps_numbers_and_contractions_whole() {
        assert_eq!(
            texts("Spending rose 4.5% to $1,200.5 million, O’Brien didn't say."),
            [
                "Spending",
                "rose",
                "4.5",
                "%",
                "to",
                "$",
                "1,200.5",
                "million",
                "O’Brien",
                "didn't",
                "say"
            ]
        );
        assert_eq!(texts("end. Next, 3,"), ["end", "Next", "3"]);
        assert_eq!(fold("O’Brien ÉTÉ"), "o'brien été");
        assert!(words("").is_empty());
    }
}
