//! Typographic normalisation that remembers where every output byte came from.
//!
//! Quote checking compares an editor's quotation with a source snapshot. The two often differ only in
//! typography: curly versus straight quotes, an en dash versus a hyphen, a non-breaking space, a line
//! break inside the quotation, upper versus lower case. Those differences must not make a verbatim
//! quote look altered, so both sides are normalised first. The UI, however, highlights the passage in
//! the *original* snapshot, so every normalised byte keeps the byte range of the original character it
//! came from.

/// Text after typographic normalisation, with a map back to the original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The original text, kept so that matches can be reported in its own wording.
    pub original: String,
    /// The normalised text: lower case, straight quotes, ASCII hyphens, single spaces.
    pub text: String,
    /// For each byte of `text`, the start byte of the original character that produced it.
    src_start: Vec<usize>,
    /// For each byte of `text`, the end byte (exclusive) of the original character that produced it.
    src_end: Vec<usize>,
}

impl Normalized {
    /// Maps a byte range of the normalised text back to a byte range of the original text.
    ///
    /// Returns `None` for an empty or out-of-range span, so callers never index past the end.
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let s = *self.src_start.get(start)?;
        let e = *self.src_end.get(end.checked_sub(1)?)?;
        Some((s, e))
    }
}

/// Replacement for one character, or `None` to drop it.
fn fold(c: char) -> Fold {
    match c {
        // Quotation marks and apostrophes of every typographic flavour become ASCII ones.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{0060}'
        | '\u{00B4}' => Fold::One('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Fold::One('"'),
        // Hyphens, dashes and the minus sign: editors and typesetters swap these freely.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Fold::One('-'),
        '\u{2026}' => Fold::Str("..."),
        // Invisible characters that copy-paste from web pages carries along.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Fold::Drop,
        c if c.is_whitespace() => Fold::Space,
        c => Fold::Lower(c),
    }
}

enum Fold {
    One(char),
    Str(&'static str),
    Drop,
    Space,
    Lower(char),
}

/// Normalises `input` for quote comparison and records the origin of every output byte.
///
/// Whitespace runs collapse to one space and leading/trailing whitespace is dropped, so a quotation
/// copied across a line break still matches.
pub fn normalize(input: &str) -> Normalized {
    let mut out = Normalized {
        original: input.to_string(),
        text: String::with_capacity(input.len()),
        src_start: Vec::with_capacity(input.len()),
        src_end: Vec::with_capacity(input.len()),
    };
    let mut pending_space: Option<(usize, usize)> = None;
    let mut buf = [0u8; 4];
    for (pos, c) in input.char_indices() {
        let end = pos + c.len_utf8();
        let push = |out: &mut Normalized, s: &str| {
            out.text.push_str(s);
            for _ in 0..s.len() {
                out.src_start.push(pos);
                out.src_end.push(end);
            }
        };
        match fold(c) {
            Fold::Space => {
                if pending_space.is_none() && !out.text.is_empty() {
                    pending_space = Some((pos, end));
                }
                continue;
            }
            Fold::Drop => continue,
            other => {
                if let Some((s, e)) = pending_space.take() {
                    out.text.push(' ');
                    out.src_start.push(s);
                    out.src_end.push(e);
                }
                match other {
                    Fold::One(r) => push(&mut out, r.encode_utf8(&mut buf)),
                    Fold::Str(s) => push(&mut out, s),
                    Fold::Lower(c) => {
                        if c.is_ascii() {
                            push(&mut out, c.to_ascii_lowercase().encode_utf8(&mut buf));
                        } else {
                            for l in c.to_lowercase() {
                                push(&mut out, l.encode_utf8(&mut buf));
                            }
                        }
                    }
                    Fold::Space | Fold::Drop => {}
                }
            }
        }
    }
    out
}

/// Normalises text without keeping the offset map (for the quotation side, which is never highlighted).
pub fn normalize_plain(input: &str) -> String {
    normalize(input).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_typography_and_maps_offsets_back() {
        let src = "He said \u{201C}Hello\u{2014}world\u{201D}\n  today.";
        let n = normalize(src);
        assert_eq!(n.text, "he said \"hello-world\" today.");
        let at = n.text.find("hello-world").unwrap_or(usize::MAX);
        let (s, e) = n
            .original_span(at, at + "hello-world".len())
            .unwrap_or((0, 0));
        assert_eq!(&src[s..e], "Hello\u{2014}world");
    }

    #[test]
    fn empty_and_out_of_range_spans_are_none() {
        let n = normalize("abc");
        assert_eq!(n.original_span(1, 1), None);
        assert_eq!(n.original_span(2, 9), None);
        assert_eq!(normalize("   ").text, "");
    }
}
