//! Myers' bit-parallel approximate string search, as used by Hypothesis.
//!
//! This is a port of `approx-string-match` 2.0.0 (Robert Knight, MIT), the library the Hypothesis
//! annotator uses to re-anchor quotations, with two differences that do not change the results:
//!
//! - the word size is 64 bits instead of JavaScript's 32, so a 300-character pattern needs 5 blocks
//!   instead of 10;
//! - the text is walked as Unicode scalar values and offsets are UTF-8 byte offsets (the JavaScript
//!   library walks UTF-16 code units). On text without astral-plane characters both count the same
//!   characters, so the matches are the same up to the offset unit.
//!
//! Semantics kept from the original: only the matches with the *lowest* error count are reported
//! (the threshold ratchets down as better matches are seen), and each match start is the one that
//! makes the match longest among those with that error count.
//!
//! References: G. Myers, "A Fast Bit-Vector Algorithm for Approximate String Matching Based on Dynamic
//! Programming", JACM 46(3), 1999; M. Šošić, "An SIMD dynamic programming C/C++ library", 2014.

use serde::Serialize;
use std::collections::HashMap;

/// One approximate occurrence of the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Match {
    /// Byte offset of the first matched character in the text.
    pub start: usize,
    /// Byte offset just past the last matched character.
    pub end: usize,
    /// Edit distance (insertions, deletions, substitutions) between the pattern and `text[start..end]`.
    pub errors: usize,
}

const W: usize = 64;

/// Per-character bit vectors: bit `r` of block `b` is set where the pattern has that character.
struct Peq {
    blocks: usize,
    /// Row 0 is the all-zero row for characters that do not occur in the pattern.
    rows: Vec<u64>,
    ascii: [usize; 128],
    other: HashMap<char, usize>,
}

impl Peq {
    fn new(pattern: &[char]) -> Peq {
        let blocks = pattern.len().div_ceil(W);
        let mut peq = Peq {
            blocks,
            rows: vec![0; blocks],
            ascii: [0; 128],
            other: HashMap::new(),
        };
        for (idx, &c) in pattern.iter().enumerate() {
            let row = match peq.row_of(c) {
                0 => {
                    let row = peq.rows.len() / blocks;
                    peq.rows.extend(std::iter::repeat_n(0, blocks));
                    if (c as u32) < 128 {
                        peq.ascii[c as usize] = row;
                    } else {
                        peq.other.insert(c, row);
                    }
                    row
                }
                row => row,
            };
            if let Some(word) = peq.rows.get_mut(row * blocks + idx / W) {
                *word |= 1u64 << (idx % W);
            }
        }
        peq
    }

    #[inline]
    fn row_of(&self, c: char) -> usize {
        let code = c as u32;
        if code < 128 {
            self.ascii[code as usize]
        } else {
            self.other.get(&c).copied().unwrap_or(0)
        }
    }

    #[inline]
    fn row(&self, c: char) -> &[u64] {
        let start = self.row_of(c) * self.blocks;
        self.rows.get(start..start + self.blocks).unwrap_or(&[])
    }
}

/// One block step of Myers' algorithm (Fig. 8 of the paper, branch-free as in Šošić §4.2.3).
///
/// Returns the horizontal delta out of the block's last row: -1, 0 or +1.
#[inline(always)]
fn advance_block(p: &mut u64, m: &mut u64, eq_in: u64, last_row_mask: u64, h_in: i64) -> i64 {
    let pv = *p;
    let mv = *m;
    let h_in_neg = u64::from(h_in < 0);
    let eq = eq_in | h_in_neg;
    let xv = eq | mv;
    let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
    let mut ph = mv | !(xh | pv);
    let mut mh = pv & xh;
    let h_out = i64::from(ph & last_row_mask != 0) - i64::from(mh & last_row_mask != 0);
    ph <<= 1;
    mh <<= 1;
    mh |= h_in_neg;
    ph |= u64::from(h_in > 0);
    *p = mh | !(xv | ph);
    *m = ph & xv;
    h_out
}

/// Per-block state of the column: vertical delta vectors and the score at the block's last row.
#[derive(Clone, Copy, Default)]
struct Block {
    p: u64,
    m: u64,
    score: i64,
    last_row_mask: u64,
}

/// Finds the ends of the lowest-cost matches. `text` yields `(key, char)` where `key` is what gets
/// reported for a match ending at that character (a byte offset, chosen by the caller).
fn find_match_ends<I>(text: I, pattern: &[char], max_errors: usize) -> Vec<(usize, usize)>
where
    I: Iterator<Item = (usize, char)>,
{
    let mut matches = Vec::new();
    if pattern.is_empty() {
        return matches;
    }
    // Clamp so that the `max_errors` row and the last pattern row sit in the same block (as the original).
    let mut max_errors = max_errors.min(pattern.len()) as i64;
    let peq = Peq::new(pattern);
    let b_max = peq.blocks - 1;
    let mut blocks = vec![
        Block {
            last_row_mask: 1u64 << (W - 1),
            ..Block::default()
        };
        b_max + 1
    ];
    if let Some(last) = blocks.last_mut() {
        last.last_row_mask = 1u64 << ((pattern.len() - 1) % W);
    }
    let last_block_rows = match pattern.len() % W {
        0 => W,
        r => r,
    } as i64;

    // Ukkonen's cut-off: only the blocks that can still be within `max_errors` are computed.
    let mut y = (max_errors as usize).div_ceil(W).saturating_sub(1);
    for (b, blk) in blocks.iter_mut().enumerate().take(y + 1) {
        blk.score = ((b + 1) * W) as i64;
        blk.p = !0;
        blk.m = 0;
    }
    if let Some(last) = blocks.last_mut() {
        last.score = pattern.len() as i64;
    }

    for (key, c) in text {
        let char_peq = peq.row(c);
        let mut carry = 0i64;
        // Zipped slices: one bounds check per column instead of one per block.
        let active = y + 1;
        for (blk, &eq) in blocks.iter_mut().take(active).zip(char_peq.iter()) {
            carry = advance_block(&mut blk.p, &mut blk.m, eq, blk.last_row_mask, carry);
            blk.score += carry;
        }
        let next_eq = char_peq.get(y + 1).copied().unwrap_or(0);
        let score_y = blocks.get(y).map_or(0, |b| b.score);
        if score_y - carry <= max_errors && y < b_max && (next_eq & 1 == 1 || carry < 0) {
            // The bottom block is within the threshold: bring the next block into play.
            y += 1;
            let max_block_score = if y == b_max {
                last_block_rows
            } else {
                W as i64
            };
            if let Some(blk) = blocks.get_mut(y) {
                blk.p = !0;
                blk.m = 0;
                let h = advance_block(&mut blk.p, &mut blk.m, next_eq, blk.last_row_mask, carry);
                blk.score = score_y + max_block_score - carry + h;
            }
        } else {
            while y > 0
                && blocks
                    .get(y)
                    .is_some_and(|b| b.score >= max_errors + W as i64)
            {
                y -= 1;
            }
        }
        if y == b_max {
            let score = blocks.get(y).map_or(i64::MAX, |b| b.score);
            if score <= max_errors {
                if score < max_errors {
                    matches.clear();
                }
                matches.push((key, score as usize));
                // Only the best matches are kept, so the threshold can ratchet down.
                max_errors = score;
            }
        }
    }
    matches
}

/// Searches `text` for `pattern` allowing up to `max_errors` edits and returns the lowest-cost matches.
///
/// Offsets are UTF-8 byte offsets into `text`. An empty pattern yields no matches. Like the original,
/// all matches with the minimum error count are returned, in text order; overlapping ones are not
/// merged.
///
/// When the pattern is long enough for the pigeonhole filter ([`filtered_ends`]) the scan only visits
/// windows around exact pieces of the pattern; the result is the same as [`search_full`]'s.
pub fn search(text: &str, pattern: &str, max_errors: usize) -> Vec<Match> {
    let pat: Vec<char> = pattern.chars().collect();
    let ends = filtered_ends(text, pattern, &pat, max_errors).unwrap_or_else(|| {
        find_match_ends(
            text.char_indices().map(|(i, c)| (i + c.len_utf8(), c)),
            &pat,
            max_errors,
        )
    });
    with_starts(text, &pat, ends)
}

/// [`search`] without the filter: one Myers pass over the whole text, exactly as approx-string-match.
pub fn search_full(text: &str, pattern: &str, max_errors: usize) -> Vec<Match> {
    let pat: Vec<char> = pattern.chars().collect();
    let ends = find_match_ends(
        text.char_indices().map(|(i, c)| (i + c.len_utf8(), c)),
        &pat,
        max_errors,
    );
    with_starts(text, &pat, ends)
}

/// Bytes of the key each pattern piece is found by.
const KEY: usize = 8;

/// Shortest pattern piece (in characters) for which [`search`] uses the pigeonhole filter: a pattern of
/// `m` characters with `k` allowed errors is filtered when `m / (k + 1) >= FILTER_PIECE`.
pub const FILTER_PIECE: usize = KEY;

/// Pigeonhole filter: cut the pattern into `k + 1` pieces; a match with at most `k` edits leaves at least
/// one piece untouched, so it lies in a window around an exact occurrence of that piece. Pieces are
/// found by their first 8 bytes with a hash probe per text position (about a nanosecond), and Myers
/// runs only over the merged windows.
///
/// Why the result equals the full scan's: inside a window, Myers' value at an end is the best over
/// starts inside the window, which is never below the true value and equals it for every alignment
/// that fits in the window; every alignment with at most `k` edits fits in the window of its untouched
/// piece. So the global minimum and the set of ends that reach it are the same.
///
/// Returns `None` when the pieces would be shorter than 8 bytes (then the filter cannot work).
pub fn filtered_ends(
    text: &str,
    pattern: &str,
    pat: &[char],
    max_errors: usize,
) -> Option<Vec<(usize, usize)>> {
    let m = pat.len();
    let k = max_errors.min(m);
    let piece_chars = m / (k + 1);
    if piece_chars < KEY || text.len() < 4 * KEY {
        return None;
    }
    // Byte offset of each char of the pattern, to cut pieces out of `pattern`.
    let offsets: Vec<usize> = pattern.char_indices().map(|(i, _)| i).collect();
    // (key, char offset of the piece in the pattern)
    let mut keys: Vec<(u64, usize)> = Vec::with_capacity(k + 1);
    for j in 0..=k {
        let o = j * piece_chars;
        let from = *offsets.get(o)?;
        let bytes = pattern.as_bytes().get(from..from + KEY)?;
        keys.push((u64::from_le_bytes(bytes.try_into().ok()?), o));
    }
    // Open-addressing table of the keys; 128 slots for at most 38 keys (k < 38 when pieces are >= 8).
    const SLOTS: usize = 256;
    let slot_of = |key: u64| (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % SLOTS;
    let mut table: Vec<Vec<usize>> = vec![Vec::new(); SLOTS];
    for (idx, &(key, _)) in keys.iter().enumerate() {
        table[slot_of(key)].push(idx);
    }
    let mut occupied = [0u64; SLOTS / 64];
    for (slot, t) in table.iter().enumerate() {
        if !t.is_empty() {
            occupied[slot / 64] |= 1 << (slot % 64);
        }
    }

    // Windows in bytes: a char is 1..4 bytes, so char distances are widened by the widest char that
    // can occur there: 1 where the neighbourhood is ASCII (the common case), else 4.
    let all_ascii = text.is_ascii();
    let bytes = text.as_bytes();
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for (i, w) in bytes.windows(KEY).enumerate() {
        let mut arr = [0u8; KEY];
        arr.copy_from_slice(w);
        let key = u64::from_le_bytes(arr);
        let slot = slot_of(key);
        if occupied[slot / 64] & (1 << (slot % 64)) == 0 {
            continue;
        }
        for &idx in &table[slot] {
            let Some(&(kk, o)) = keys.get(idx) else {
                continue;
            };
            if kk != key {
                continue;
            }
            let (lo, hi) = (
                i.saturating_sub(4 * (o + k)),
                (i + 4 * (m - o + k)).min(bytes.len()),
            );
            let width = if all_ascii || bytes.get(lo..hi).is_some_and(<[u8]>::is_ascii) {
                1
            } else {
                4
            };
            let before = width * (o + k);
            let after = width * (m - o + k);
            windows.push((i.saturating_sub(before), (i + after).min(bytes.len())));
        }
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (ws, we) in windows {
        match merged.last_mut() {
            Some(last) if ws <= last.1 => last.1 = last.1.max(we),
            _ => merged.push((ws, we)),
        }
    }
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for (mut ws, mut we) in merged {
        while ws > 0 && !text.is_char_boundary(ws) {
            ws -= 1;
        }
        while we < text.len() && !text.is_char_boundary(we) {
            we += 1;
        }
        let window = text.get(ws..we).unwrap_or("");
        ends.extend(find_match_ends(
            window
                .char_indices()
                .map(|(i, c)| (ws + i + c.len_utf8(), c)),
            pat,
            k,
        ));
    }
    let best = ends.iter().map(|e| e.1).min();
    ends.retain(|e| Some(e.1) == best);
    ends.sort_unstable();
    ends.dedup();
    Some(ends)
}

/// Finds the start of each match end: the start that makes the match longest at that error count.
fn with_starts(text: &str, pat: &[char], ends: Vec<(usize, usize)>) -> Vec<Match> {
    if ends.is_empty() {
        return Vec::new();
    }
    let pat_rev: Vec<char> = pat.iter().rev().copied().collect();
    ends.into_iter()
        .map(|(end, errors)| {
            // The match cannot start more than `len + errors` characters before its end.
            let back = pat.len() + errors;
            let prefix = text.get(..end).unwrap_or("");
            let min_start = prefix
                .char_indices()
                .rev()
                .take(back)
                .last()
                .map_or(end, |(i, _)| i);
            let window = text.get(min_start..end).unwrap_or("");
            // Searching the reversed pattern in the reversed window finds the starts; the key of a
            // reversed "end" is the byte offset of that character in `text`, i.e. a start.
            let starts = find_match_ends(
                window.char_indices().rev().map(|(i, c)| (min_start + i, c)),
                &pat_rev,
                errors,
            );
            let start = starts.iter().map(|&(s, _)| s).min().unwrap_or(end).min(end);
            Match { start, end, errors }
        })
        .collect()
}

/// Plain Levenshtein distance between two strings, by characters.
///
/// Used to double-check fuzzy matches in tests and to score short quotations; O(n·m) memory-light.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_fuzzy_matches_with_offsets() {
        let text = "the quick brown fox jumps over the lazy dog";
        let m = search(text, "brown fox", 2);
        assert_eq!(
            m,
            vec![Match {
                start: 10,
                end: 19,
                errors: 0
            }]
        );
        // Same result as approx-string-match 2.0.0: every lowest-cost end, each with its longest start.
        let m = search(text, "brwn foks", 3);
        let got: Vec<(usize, usize, usize)> =
            m.iter().map(|m| (m.start, m.end, m.errors)).collect();
        assert_eq!(got, [(10, 18, 3), (10, 19, 3), (10, 20, 3)]);
    }

    #[test]
    fn agrees_with_levenshtein_on_long_patterns_across_blocks() {
        // A pattern longer than two 64-bit blocks, altered in three places, inside real-looking text.
        let src = "In the beginning of the year the committee published a report that described, in \
                   considerable detail, how the regional water authority had failed to maintain the \
                   reservoirs, pipes and pumping stations that serve more than two million residents.";
        let quote = src[20..200]
            .replace("committee", "comittee")
            .replace("detail", "detial");
        let m = search(src, &quote, 20);
        assert!(!m.is_empty());
        for hit in &m {
            assert_eq!(levenshtein(&src[hit.start..hit.end], &quote), hit.errors);
        }
        assert_eq!(m[0].errors, 3);
    }

    #[test]
    fn non_ascii_text_yields_char_boundaries() {
        let text = "Zoë said «déjà vu» twice";
        let m = search(text, "deja vu", 2);
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "déjà vu");
        assert!(search(text, "", 3).is_empty());
    }
}
