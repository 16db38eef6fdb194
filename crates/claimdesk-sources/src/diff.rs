//! Line diff of two snapshots' texts, for the "what changed on this page" view.
//!
//! Myers' O((N+M)·D) algorithm over lines after trimming the common prefix and suffix (edits to articles are
//! usually local, so the trimmed middle is small). The edit distance D is capped so a page that was replaced
//! wholesale costs bounded time and memory: past the cap the middle is reported as removed-then-added.

use serde::{Deserialize, Serialize};

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "line", rename_all = "snake_case")]
pub enum DiffLine {
    /// In both texts.
    Same(String),
    /// Only in the old text.
    Removed(String),
    /// Only in the new text.
    Added(String),
}

/// Largest edit distance searched exactly; the trace costs about D² machine words (2 000² × 8 B = 32 MB).
const MAX_D: usize = 2000;

/// Diffs `old` and `new` line by line.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mid_a = &a[prefix..a.len() - suffix];
    let mid_b = &b[prefix..b.len() - suffix];
    let mut out: Vec<DiffLine> = a[..prefix]
        .iter()
        .map(|l| DiffLine::Same((*l).to_string()))
        .collect();
    match myers(mid_a, mid_b) {
        Some(ops) => out.extend(ops),
        None => {
            out.extend(mid_a.iter().map(|l| DiffLine::Removed((*l).to_string())));
            out.extend(mid_b.iter().map(|l| DiffLine::Added((*l).to_string())));
        }
    }
    out.extend(
        a[a.len() - suffix..]
            .iter()
            .map(|l| DiffLine::Same((*l).to_string())),
    );
    out
}

/// Myers' greedy algorithm with a trace for backtracking; `None` past [`MAX_D`].
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<DiffLine>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_D);
    // v[k + offset] = furthest x on diagonal k; one snapshot of v per d for the backtrack.
    let offset = max as isize + 1;
    let width = 2 * max + 3;
    let mut v = vec![0isize; width];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let idx = |k: isize| (k + offset) as usize;
    let mut found = None;
    'outer: for d in 0..=max as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]);
            let mut x = if down {
                v[idx(k + 1)]
            } else {
                v[idx(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx(k)] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'outer;
            }
            k += 2;
        }
    }
    let d_final = found?;
    // Backtrack from (n, m) through the saved frontiers.
    let mut ops: Vec<DiffLine> = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=d_final).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let down = k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]);
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = v[idx(prev_k)];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            ops.push(DiffLine::Same(a[x as usize].to_string()));
        }
        if down {
            y -= 1;
            ops.push(DiffLine::Added(b[y as usize].to_string()));
        } else {
            x -= 1;
            ops.push(DiffLine::Removed(a[x as usize].to_string()));
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        ops.push(DiffLine::Same(a[x as usize].to_string()));
    }
    ops.reverse();
    Some(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply_old(d: &[DiffLine]) -> Vec<&str> {
        d.iter()
            .filter_map(|l| match l {
                DiffLine::Same(s) | DiffLine::Removed(s) => Some(s.as_str()),
                DiffLine::Added(_) => None,
            })
            .collect()
    }

    fn apply_new(d: &[DiffLine]) -> Vec<&str> {
        d.iter()
            .filter_map(|l| match l {
                DiffLine::Same(s) | DiffLine::Added(s) => Some(s.as_str()),
                DiffLine::Removed(_) => None,
            })
            .collect()
    }

    #[test]
    fn minimal_edit_of_a_changed_paragraph() {
        let old = "Title\nThe minister said 40 percent.\nMore text.\nEnd";
        let new = "Title\nThe minister said 14 percent.\nMore text.\nCorrection appended.\nEnd";
        let d = diff_lines(old, new);
        assert_eq!(
            d,
            vec![
                DiffLine::Same("Title".into()),
                DiffLine::Removed("The minister said 40 percent.".into()),
                DiffLine::Added("The minister said 14 percent.".into()),
                DiffLine::Same("More text.".into()),
                DiffLine::Added("Correction appended.".into()),
                DiffLine::Same("End".into()),
            ]
        );
    }

    #[test]
    fn both_sides_reconstruct_from_the_diff() {
        // Real article texts: two of the Readability test pages committed in tests/data, diffed both ways and
        // against themselves.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/readability-pages");
        let read = |site: &str| {
            let path = format!("{dir}/{site}/source.html.gz");
            let gz = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let mut html = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gz), &mut html)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            crate::extract_html(&html, "http://fakehost/")
                .0
                .unwrap_or_default()
        };
        let (a, b) = (read("wapo-2"), read("lemonde-1"));
        assert!(!a.is_empty() && !b.is_empty());
        for (x, y) in [(&a, &b), (&b, &a), (&a, &a)] {
            let d = diff_lines(x, y);
            assert_eq!(apply_old(&d), x.lines().collect::<Vec<_>>());
            assert_eq!(apply_new(&d), y.lines().collect::<Vec<_>>());
        }
        assert!(diff_lines(&a, &a)
            .iter()
            .all(|l| matches!(l, DiffLine::Same(_))));
    }
}
