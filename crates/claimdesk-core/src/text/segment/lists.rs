//! The enumerated-list pre-pass: finds list markers ("1.", "2)", "3.)", "a.") before the main scan, so that an
//! item starting in the middle of a line gets its own sentence and a marker's period is never read as a
//! sentence end (golden rules 37 and 38).

use super::chars::is_bullet;

/// Positions found by the list pre-pass: where an item starts mid-line, and which periods belong to markers.
#[derive(Default)]
pub(super) struct ListMarks {
    pub(super) cut_before: Vec<usize>,
    pub(super) marker_periods: Vec<usize>,
}

/// One candidate list marker: "1." / "1)" / "1.)" / "a.".
#[derive(Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Dot,
    Paren,
    DotParen,
    Letter,
}

/// Finds enumerated list markers. A marker at the start of a line (or right after a bullet) always counts; a
/// marker in the middle of a line counts only when it continues the sequence of the previous marker
/// ("1. The first item 2. The second item"), which keeps "in 2. The" prose readings rare.
pub(super) fn find_list_marks(text: &str) -> ListMarks {
    let b = text.as_bytes();
    let mut marks = ListMarks::default();
    let mut last: Option<(MarkerKind, u32)> = None;
    // Every marker ends in '.' or ')', so only those bytes (found with memchr) are examined, not every byte.
    for p in memchr::memchr2_iter(b'.', b')', b) {
        if b[p] == b'.' && b.get(p + 1) == Some(&b')') {
            continue; // "1.)" is handled at its ')'.
        }
        let digits_end = if b[p] == b')' && p > 0 && b[p - 1] == b'.' {
            p - 1
        } else {
            p
        };
        let mut s = digits_end;
        while s > 0 && digits_end - s < 2 && b[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if s == digits_end {
            // No digits: a single lower-case letter ("a.")?
            if s > 0 && b[s - 1].is_ascii_lowercase() && b[p] == b'.' {
                s -= 1;
            } else {
                continue;
            }
        }
        let at_token_start =
            s == 0 || b[s - 1].is_ascii_whitespace() || (b[s - 1] >= 0x80 && after_bullet(text, s));
        if !at_token_start {
            continue;
        }
        let Some((kind, n, period, _len)) = parse_marker(b, s) else {
            continue;
        };
        let starts_line = after_bullet(text, s) || starts_line(text, s);
        let continues = matches!(last, Some((k, m)) if k == kind && m + 1 == n);
        let accept = if starts_line {
            kind != MarkerKind::Letter || n == 1 || continues
        } else {
            continues
        };
        if accept {
            if !starts_line {
                marks.cut_before.push(s);
            }
            if let Some(p) = period {
                marks.marker_periods.push(p);
            }
            last = Some((kind, n));
        }
    }
    marks
}

/// True when only spaces, tabs and bullets separate byte `s` from the start of its line.
fn starts_line(text: &str, s: usize) -> bool {
    for c in text.get(..s).unwrap_or("").chars().rev() {
        match c {
            '\n' => return true,
            ' ' | '\t' => {}
            c if is_bullet(c) => {}
            _ => return false,
        }
    }
    true
}

fn after_bullet(text: &str, i: usize) -> bool {
    let mut before = text.get(..i).unwrap_or("").chars().rev();
    match before.next() {
        Some(c) if is_bullet(c) => true,
        Some(' ') => matches!(before.next(), Some(c) if is_bullet(c)),
        _ => false,
    }
}

/// Parses a list marker at `i`; returns its kind, ordinal, the byte of its period (if any) and its length.
fn parse_marker(b: &[u8], i: usize) -> Option<(MarkerKind, u32, Option<usize>, usize)> {
    let space_at = |j: usize| b.get(j).is_some_and(|&c| c == b' ' || c == b'\t');
    let first = *b.get(i)?;
    if first.is_ascii_lowercase() {
        // "a. " — a single letter, a period, a space.
        if b.get(i + 1) == Some(&b'.') && space_at(i + 2) {
            return Some((
                MarkerKind::Letter,
                u32::from(first - b'a') + 1,
                Some(i + 1),
                2,
            ));
        }
        return None;
    }
    let mut j = i;
    let mut n: u32 = 0;
    while j < b.len() && b[j].is_ascii_digit() && j - i < 2 {
        n = n * 10 + u32::from(b[j] - b'0');
        j += 1;
    }
    if j < b.len() && b[j].is_ascii_digit() {
        return None;
    }
    match (b.get(j), b.get(j + 1)) {
        (Some(b'.'), Some(b')')) if space_at(j + 2) => {
            Some((MarkerKind::DotParen, n, Some(j), j + 2 - i))
        }
        (Some(b')'), _) if space_at(j + 1) => Some((MarkerKind::Paren, n, None, j + 1 - i)),
        (Some(b'.'), _) if space_at(j + 1) => Some((MarkerKind::Dot, n, Some(j), j + 1 - i)),
        _ => None,
    }
}
