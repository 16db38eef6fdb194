//! Step 4: writing the chosen subtrees out as text, one line per block with whitespace collapsed, leaving out
//! boilerplate containers ("clean conditionally") and dateline stamps.

use ego_tree::NodeRef;
use scraper::Node;

use super::rules::{is_block, is_boilerplate};
use super::stats::Analysis;
use super::Flags;

/// Writes the text of the selected roots: one line per block, whitespace collapsed, boilerplate dropped.
pub(super) fn write_text(roots: &[NodeRef<'_, Node>], an: &Analysis, flags: Flags) -> String {
    let mut out = String::new();
    for root in roots {
        let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(*root, false)];
        while let Some((node, closing)) = stack.pop() {
            match node.value() {
                Node::Text(t) if !closing => push_text(&mut out, t),
                Node::Element(el) => {
                    let block = is_block(el.name());
                    if closing {
                        if block {
                            push_break(&mut out);
                        }
                        continue;
                    }
                    if an.skipped.contains(&node.id()) {
                        continue;
                    }
                    let is_root = node.id() == root.id();
                    if !is_root {
                        if let Some(st) = an.stats.get(&node.id()) {
                            if is_boilerplate(el, st, flags) {
                                continue;
                            }
                        }
                    }
                    if block {
                        push_break(&mut out);
                    }
                    stack.push((node, true));
                    for child in node.children().rev() {
                        stack.push((child, false));
                    }
                }
                _ => {
                    if !closing {
                        for child in node.children().rev() {
                            stack.push((child, false));
                        }
                    }
                }
            }
        }
        push_break(&mut out);
    }
    // Collapse the block structure into lines, dropping empty ones.
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_dateline(l))
        .collect();
    lines.join("\n")
}

/// A short "Updated Nov 19, 6:55 AM" / "Published ..." stamp line: page furniture, not article text.
fn is_dateline(line: &str) -> bool {
    if line.chars().count() > 80 {
        return false;
    }
    let lower = line.to_lowercase();
    [
        "updated",
        "published",
        "posted",
        "last updated",
        "last modified",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && line.chars().any(|c| c.is_ascii_digit())
}

fn push_text(out: &mut String, t: &str) {
    for (i, word) in t.split_whitespace().enumerate() {
        let needs_space = i > 0
            || (t.starts_with(char::is_whitespace)
                && !out.ends_with(['\n', ' '])
                && !out.is_empty());
        if needs_space && !out.ends_with(['\n', ' ']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    if t.ends_with(char::is_whitespace) && !t.trim().is_empty() && !out.ends_with(['\n', ' ']) {
        out.push(' ');
    }
}

fn push_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}
