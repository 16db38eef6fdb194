//! The layout pass: from word boxes to each page's text in reading order, as a citation needs it.
//!
//! Poppler gives words and lines; this pass decides what a reader of a citation wants that poppler does not do:
//! - poppler's lines are cut where a wide horizontal gap separates words (a column gutter, table cells), so
//!   two columns are never read across;
//! - a page with a clear gutter (an empty vertical band in the middle third that text fragments on both sides
//!   of it fill, with lines as wide as a column) is read column by column, band by band between full-width lines;
//! - running headers and footers (a line in the top or bottom margin whose text, digits folded, repeats on at
//!   least half of the pages, and on two at least) and bare page numbers are left out;
//! - footnotes (text in a smaller size below the page's body text) go to the end of their page;
//! - a word split by a hyphen at a line end is joined when the next line goes on in lower case.

use super::bbox::{PageWords, Word};

/// A piece of a line: words close enough together to be read as one run of text.
#[derive(Debug, Clone)]
struct Frag {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    /// Median word height: the type size, near enough.
    h: f32,
    text: String,
}

/// A page reduced to its fragments (the words themselves are no longer needed, which keeps a long document's
/// memory small).
#[derive(Debug, Clone)]
pub(crate) struct PageFrags {
    width: f32,
    height: f32,
    frags: Vec<Frag>,
}

/// Cuts a page's lines into fragments.
pub(crate) fn page_fragments(page: &PageWords) -> PageFrags {
    PageFrags {
        width: page.width,
        height: page.height,
        frags: fragments(page),
    }
}

/// Each page's text, in page order, with the layout rules above applied.
pub(crate) fn page_texts(pages: Vec<PageFrags>) -> Vec<String> {
    let furniture = running_furniture(&pages);
    pages
        .into_iter()
        .zip(furniture)
        .map(|(page, drop)| {
            let kept: Vec<Frag> = page
                .frags
                .iter()
                .zip(drop)
                .filter(|(_, d)| !d)
                .map(|(f, _)| f.clone())
                .collect();
            page_text(&page, kept)
        })
        .collect()
}

/// Poppler's lines cut at wide gaps (wider than the type size: more than a word space, as a gutter or a table
/// cell boundary is).
fn fragments(page: &PageWords) -> Vec<Frag> {
    let mut out = Vec::new();
    for line in &page.lines {
        let mut cur: Vec<&Word> = Vec::new();
        for w in line {
            if let Some(prev) = cur.last() {
                let h = (prev.y1 - prev.y0).max(w.y1 - w.y0).max(1.0);
                if w.x0 - prev.x1 > 1.2 * h || w.x0 < prev.x0 - h {
                    out.push(frag(&cur));
                    cur.clear();
                }
            }
            cur.push(w);
        }
        if !cur.is_empty() {
            out.push(frag(&cur));
        }
    }
    out
}

fn frag(words: &[&Word]) -> Frag {
    let mut hs: Vec<f32> = words.iter().map(|w| w.y1 - w.y0).collect();
    hs.sort_by(f32::total_cmp);
    Frag {
        x0: words.iter().map(|w| w.x0).fold(f32::INFINITY, f32::min),
        y0: words.iter().map(|w| w.y0).fold(f32::INFINITY, f32::min),
        x1: words.iter().map(|w| w.x1).fold(f32::NEG_INFINITY, f32::max),
        y1: words.iter().map(|w| w.y1).fold(f32::NEG_INFINITY, f32::max),
        h: hs.get(hs.len() / 2).copied().unwrap_or(1.0).max(0.1),
        text: words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The margin band (share of the page height) where running headers and footers live.
const MARGIN: f32 = 0.12;

/// Marks, per page and fragment, the running headers, footers and page numbers.
fn running_furniture(pages: &[PageFrags]) -> Vec<Vec<bool>> {
    let key = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .flat_map(char::to_lowercase)
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let in_margin =
        |p: &PageFrags, f: &Frag| f.y1 <= p.height * MARGIN || f.y0 >= p.height * (1.0 - MARGIN);
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in pages {
        let fs = &p.frags;
        let mut seen = std::collections::HashSet::new();
        for f in fs.iter().filter(|f| in_margin(p, f)) {
            let k = key(&f.text);
            if seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    let n = pages.len();
    let repeated = |k: &str| {
        let c = counts.get(k).copied().unwrap_or(0);
        c >= 2 && c * 2 >= n
    };
    pages
        .iter()
        .map(|p| {
            // A one-off running header: a line in smaller type in the top margin, standing apart from the body
            // (a page of its own has nothing to repeat on, and the layout's own header is set that way).
            let body_h = median(p.frags.iter().map(|f| f.h));
            let body_top = p
                .frags
                .iter()
                .filter(|f| !in_margin(p, f))
                .map(|f| f.y0)
                .fold(f32::INFINITY, f32::min);
            let small_header = |f: &Frag| {
                f.y1 <= p.height * MARGIN && f.h < 0.85 * body_h && f.y1 + body_h <= body_top
            };
            p.frags
                .iter()
                .map(|f| {
                    in_margin(p, f)
                        && (repeated(&key(&f.text))
                            || small_header(f)
                            || is_page_number(&f.text, n >= 2))
                })
                .collect()
        })
        .collect()
}

/// "Page 12", "p. 12", "- 12 -", and with `bare` also "12", "12 of 40", "12/40" (a bare number only counts where
/// there are pages to count: on a page of its own it may as well be a figure).
fn is_page_number(t: &str, bare: bool) -> bool {
    let l = t.trim().to_lowercase();
    let worded = ["page", "p.", "seite"].iter().any(|w| l.starts_with(w)) || l.starts_with('-');
    if !bare && !worded {
        return false;
    }
    let l = l
        .trim_start_matches("page")
        .trim_start_matches("p.")
        .trim_start_matches("seite")
        .trim();
    let l = l.trim_matches(|c: char| c == '-' || c == '–' || c == '|' || c.is_whitespace());
    let mut parts = l
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of");
    let first = parts.next();
    let second = parts.next();
    let num =
        |p: Option<&str>| p.is_some_and(|s| s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit()));
    num(first) && (second.is_none() || num(second)) && parts.next().is_none()
}

/// One page's fragments in reading order, joined into text.
fn page_text(page: &PageFrags, frags: Vec<Frag>) -> String {
    if frags.is_empty() {
        return String::new();
    }
    let body_h = median(frags.iter().map(|f| f.h));
    let (body, notes) = split_footnotes(page, frags, body_h);
    let mut text = String::new();
    match gutter(page, &body) {
        Some((g0, g1)) => {
            // Bands between fragments that cross the gutter; in each band the left column, then the right.
            let mut order: Vec<usize> = (0..body.len()).collect();
            order.sort_by(|&a, &b| body[a].y0.total_cmp(&body[b].y0));
            let mut left: Vec<&Frag> = Vec::new();
            let mut right: Vec<&Frag> = Vec::new();
            let mut seq: Vec<&Frag> = Vec::new();
            for i in order {
                let f = &body[i];
                if f.x1 <= g0 + 0.5 {
                    left.push(f);
                } else if f.x0 >= g1 - 0.5 {
                    right.push(f);
                } else {
                    seq.append(&mut left);
                    seq.append(&mut right);
                    seq.push(f);
                }
            }
            seq.append(&mut left);
            seq.append(&mut right);
            join(&mut text, &seq);
        }
        None => {
            let seq: Vec<&Frag> = body.iter().collect();
            join(&mut text, &seq);
        }
    }
    if !notes.is_empty() {
        let seq: Vec<&Frag> = notes.iter().collect();
        let mut n = String::new();
        join(&mut n, &seq);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&n);
    }
    text
}

fn median(v: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = v.collect();
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(1.0)
}

/// Footnotes: fragments in a clearly smaller size than the body, in the lower part of the page, with no
/// body-size text below them.
fn split_footnotes(page: &PageFrags, frags: Vec<Frag>, body_h: f32) -> (Vec<Frag>, Vec<Frag>) {
    let small = |f: &Frag| f.h < 0.85 * body_h && f.y0 > page.height * 0.5;
    let lowest_body = frags
        .iter()
        .filter(|f| !small(f))
        .map(|f| f.y1)
        .fold(f32::NEG_INFINITY, f32::max);
    let body_count = frags.iter().filter(|f| !small(f)).count();
    if body_count == 0 {
        return (frags, Vec::new());
    }
    frags
        .into_iter()
        .partition(|f| !(small(f) && f.y0 >= lowest_body - 0.5 * body_h))
}

/// A vertical gutter that splits the page's text into two columns, as `(left edge, right edge)`.
fn gutter(page: &PageFrags, frags: &[Frag]) -> Option<(f32, f32)> {
    let w = page.width.max(1.0);
    let narrow: Vec<&Frag> = frags.iter().filter(|f| f.x1 - f.x0 < 0.55 * w).collect();
    if narrow.len() < 8 {
        return None;
    }
    // Coverage of the middle third (plus a little) by narrow fragments, at 1-point resolution.
    let lo = (w * 0.3) as usize;
    let hi = (w * 0.7) as usize;
    let mut cover = vec![0u32; hi.saturating_sub(lo) + 1];
    for f in &narrow {
        let a = (f.x0.max(lo as f32) as usize).saturating_sub(lo);
        let b = (f.x1.min(hi as f32).max(lo as f32) as usize).saturating_sub(lo);
        if f.x1 >= lo as f32 && f.x0 <= hi as f32 {
            for c in cover.iter_mut().take(b + 1).skip(a) {
                *c += 1;
            }
        }
    }
    // The widest run of zero coverage.
    let (mut best, mut run_start) = (None::<(usize, usize)>, None::<usize>);
    for (i, &c) in cover.iter().chain(std::iter::once(&1)).enumerate() {
        match (c, run_start) {
            (0, None) => run_start = Some(i),
            (0, Some(_)) => {}
            (_, Some(s)) => {
                if best.is_none_or(|(a, b)| i - s > b - a) {
                    best = Some((s, i));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let (a, b) = best?;
    if b - a < 6 {
        return None;
    }
    let (g0, g1) = ((lo + a) as f32, (lo + b) as f32);
    let left: Vec<&&Frag> = narrow.iter().filter(|f| f.x1 <= g0 + 0.5).collect();
    let right: Vec<&&Frag> = narrow.iter().filter(|f| f.x0 >= g1 - 0.5).collect();
    if left.len() < 4 || right.len() < 4 {
        return None;
    }
    // Columns of running text: their lines fill most of the column's width (table cells do not).
    let fill = |fs: &[&&Frag]| -> bool {
        let x0 = fs.iter().map(|f| f.x0).fold(f32::INFINITY, f32::min);
        let x1 = fs.iter().map(|f| f.x1).fold(f32::NEG_INFINITY, f32::max);
        let span = (x1 - x0).max(1.0);
        let mean = fs.iter().map(|f| f.x1 - f.x0).sum::<f32>() / fs.len() as f32;
        mean >= 0.6 * span
    };
    // And they stand side by side: their vertical extents overlap.
    let top = |fs: &[&&Frag]| fs.iter().map(|f| f.y0).fold(f32::INFINITY, f32::min);
    let bottom = |fs: &[&&Frag]| fs.iter().map(|f| f.y1).fold(f32::NEG_INFINITY, f32::max);
    let overlap = bottom(&left).min(bottom(&right)) - top(&left).max(top(&right));
    (fill(&left) && fill(&right) && overlap > 0.0).then_some((g0, g1))
}

/// Appends fragments as lines: a paragraph break where the vertical gap is wider than a line's height, and a
/// line-end hyphen joined when the next line goes on in lower case.
fn join(out: &mut String, seq: &[&Frag]) {
    let mut prev: Option<&Frag> = None;
    for f in seq {
        let t = f.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(p) = prev {
            let same_line = (f.y0 - p.y0).abs() < 0.5 * p.h && f.x0 > p.x1;
            let gap = f.y0 - p.y1;
            if same_line {
                out.push(' ');
            } else if dehyphenate(out, t) {
                // The hyphen is gone and the word goes on directly.
            } else if gap > 0.9 * p.h.max(f.h) || gap < -2.0 * p.h {
                out.push_str("\n\n");
            } else {
                out.push('\n');
            }
        }
        out.push_str(t);
        prev = Some(f);
    }
}

/// When `out` ends with a letter and a hyphen (or a soft hyphen) and `next` starts in lower case, removes the
/// hyphen and answers true.
fn dehyphenate(out: &mut String, next: &str) -> bool {
    let mut tail = out.chars().rev();
    let (Some(h), Some(before)) = (tail.next(), tail.next()) else {
        return false;
    };
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    // `plane--` is `plane-maker` cut at its own hyphen: one hyphen goes, the word's stays.
    if matches!(h, '-' | '\u{ad}' | '‐')
        && (before.is_alphabetic() || before == '-')
        && starts_lower
    {
        out.pop();
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f32, y0: f32, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1: x0 + 6.0 * text.chars().count() as f32,
            y1: y0 + 10.0,
            text: text.into(),
        }
    }

    /// A line of words starting at x, 1 space (3 pt) apart.
    fn line(x: f32, y: f32, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut cx = x;
        for t in text.split(' ') {
            let w = word(cx, y, t);
            cx = w.x1 + 3.0;
            out.push(w);
        }
        out
    }

    #[test]
    fn two_columns_are_read_column_by_column_with_hyphens_joined() {
        let mut lines = Vec::new();
        for i in 0..6 {
            let y = 100.0 + 13.0 * i as f32;
            // Poppler sometimes gives both columns as one line: the gutter gap cuts it.
            let mut l = line(54.0, y, &format!("left{i} aaaa bbbb cccc dddd eeee ffff"));
            l.extend(line(
                320.0,
                y,
                &format!("right{i} gggg hhhh iiii jjjj kkkk llll"),
            ));
            lines.push(l);
        }
        lines[5].truncate(7);
        lines[5][6].text = "split-".into();
        lines.push(line(54.0, 100.0 + 13.0 * 6.0, "ting goes on"));
        let page = PageWords {
            width: 612.0,
            height: 792.0,
            lines,
        };
        let text = &page_texts(vec![page_fragments(&page)])[0];
        let left_end = text.find("splitting goes on").expect("hyphen joined");
        let right_start = text.find("right0").expect("right column");
        assert!(left_end < right_start, "{text}");
        assert!(text.find("left5").unwrap() < left_end);
    }

    #[test]
    fn running_headers_and_page_numbers_are_dropped() {
        let pages: Vec<PageWords> = (1..=3)
            .map(|n| PageWords {
                width: 612.0,
                height: 792.0,
                lines: vec![
                    line(54.0, 40.0, "The Monthly Report Vol. 3"),
                    line(54.0, 300.0, &format!("Body text of page {n} goes here.")),
                    line(500.0, 750.0, &format!("Page {n}")),
                ],
            })
            .collect();
        let texts = page_texts(pages.iter().map(page_fragments).collect());
        assert_eq!(texts[1], "Body text of page 2 goes here.");
        assert!(is_page_number("- 12 -", false) && is_page_number("12 of 40", true));
        assert!(!is_page_number("12 apples", true) && !is_page_number("12", false));
    }
}
