//! Character classes and cursor helpers shared by the scan, the list pass and the terminator rules: which
//! characters close or open a quotation, which are bullets, and char-safe peeks and whitespace skips at a byte
//! position.
//!
//! Every helper takes `text.get(..)` slices, so a position that is not on a char boundary yields `None` or an
//! empty slice instead of a panic.

/// Characters that may close a quotation or parenthesis right after a terminator (`defended.”`).
pub(super) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»' | '›')
}

/// Characters that may open a quotation before the first word of a sentence.
pub(super) fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹')
}

/// List bullets that start a new item even in the middle of a line (rule 37/38).
pub(super) fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '▪' | '◦' | '‣')
}

pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

pub(super) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|s| s.chars().next_back())
}

/// Skips whitespace from `pos`; returns the new position and the number of line breaks crossed.
pub(super) fn skip_ws(text: &str, pos: usize) -> (usize, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let mut newlines = 0;
    for (i, c) in rest.char_indices() {
        if !c.is_whitespace() {
            return (pos + i, newlines);
        }
        if c == '\n' {
            newlines += 1;
        }
    }
    (text.len(), newlines)
}
