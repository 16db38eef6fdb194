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
    out.extend(word_iter(text));
    out
}

/// [`words`] one at a time, without collecting them (the detector folds each word as it comes).
pub fn word_iter(text: &str) -> WordIter<'_> {
    WordIter {
        text,
        i: 0,
        start: None,
        prev: None,
        symbol: None,
    }
}

/// The iterator of [`word_iter`].
#[derive(Debug, Clone)]
pub struct WordIter<'a> {
    text: &'a str,
    i: usize,
    start: Option<usize>,
    prev: Option<char>,
    /// A symbol word found right after the word just returned.
    symbol: Option<Word>,
}

impl Iterator for WordIter<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        if let Some(w) = self.symbol.take() {
            return Some(w);
        }
        let text = self.text;
        let bytes = text.as_bytes();
        while let Some(&b) = bytes.get(self.i) {
            let i = self.i;
            if b.is_ascii_alphanumeric() {
                // The common case, a run of ASCII letters and digits: one byte test each, no decoding.
                self.start.get_or_insert(i);
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                self.i += run;
                self.prev = Some(char::from(bytes[self.i - 1]));
                continue;
            }
            if b.is_ascii() && !matches!(b, b'\'' | b'.' | b',' | b'$' | b'%') {
                // A space or other ASCII punctuation that can be neither inside a word nor a symbol word.
                self.i += 1;
                self.prev = Some(char::from(b));
                if let Some(s) = self.start.take() {
                    return Some(Word {
                        start: s,
                        end: i,
                        symbol: false,
                    });
                }
                continue;
            }
            let c = char_at(text, i)?;
            let after = i + c.len_utf8();
            let inner = self.start.is_some()
                && match (self.prev, char_at(text, after)) {
                    (Some(p), Some(n)) => {
                        (matches!(c, '\'' | '\u{2019}') && p.is_alphabetic() && n.is_alphabetic())
                            || (matches!(c, '.' | ',') && p.is_ascii_digit() && n.is_ascii_digit())
                    }
                    _ => false,
                };
            self.prev = Some(c);
            self.i = after;
            if c.is_alphanumeric() || inner {
                self.start.get_or_insert(i);
                continue;
            }
            let symbol = matches!(c, '$' | '%' | '€' | '£').then_some(Word {
                start: i,
                end: after,
                symbol: true,
            });
            if let Some(s) = self.start.take() {
                self.symbol = symbol;
                return Some(Word {
                    start: s,
                    end: i,
                    symbol: false,
                });
            }
            if symbol.is_some() {
                return symbol;
            }
        }
        self.start.take().map(|s| Word {
            start: s,
            end: text.len(),
            symbol: false,
        })
    }
}

/// The character starting at byte `i` (an ASCII byte without decoding).
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
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
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
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

    /// The tokenizer as first written, one character at a time: [`words`] must give the same spans.
    fn reference_words(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
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

    #[test]
    fn fast_paths_give_the_reference_spans() {
        for text in [
            "Spending rose 4.5% to $1,200.5 million, O’Brien didn't say.",
            "€5£6$7%8 1.,2 a'b 'c' d’ ’e 3,4.5. x$y",
            "Ünïcödé wörds, ÉTÉ 2019, naïve café’s “quoted” — dash…end",
            "  lead and trail  ",
            "",
            "$",
            "a",
            "日本語の文 and 한국어 text 42%",
        ] {
            assert_eq!(words(text), reference_words(text), "{text}");
        }
    }

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
