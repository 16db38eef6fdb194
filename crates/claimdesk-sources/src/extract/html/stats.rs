//! Step 1: one iterative post-order walk over the DOM that marks skipped subtrees and sums, for every node, its
//! text length, link-text length, commas and child counts ([`Stats`]).
//!
//! Iterative because real pages nest thousands deep and recursion could overflow the stack. Every later step
//! reads these sums instead of walking subtrees again.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::rules::{is_block, skip_element};
use super::Flags;

/// Per-element sums over its (non-skipped) subtree.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stats {
    pub(super) text: usize,
    pub(super) link_text: usize,
    pub(super) commas: usize,
    pub(super) p: usize,
    pub(super) li: usize,
    pub(super) img: usize,
    pub(super) input: usize,
    pub(super) embed: usize,
    pub(super) has_block_child: bool,
}

impl Stats {
    pub(super) fn link_density(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            self.link_text as f64 / self.text as f64
        }
    }
}

/// Counts characters the way the scorer sees them: whitespace runs count as one.
fn text_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                n += 1;
                in_space = true;
            }
        } else {
            n += 1;
            in_space = false;
        }
    }
    n
}

pub(super) struct Analysis {
    pub(super) stats: HashMap<NodeId, Stats>,
    pub(super) skipped: HashSet<NodeId>,
}

pub(super) fn analyse(doc: &Html, flags: Flags) -> Analysis {
    let mut stats: HashMap<NodeId, Stats> = HashMap::new();
    let mut skipped: HashSet<NodeId> = HashSet::new();
    // Explicit stack of (node, children-pushed) for a post-order walk without recursion.
    let root = doc.tree.root();
    let mut stack: Vec<(NodeRef<'_, Node>, bool, bool)> = vec![(root, false, false)];
    // The third flag marks "inside a link".
    while let Some((node, expanded, in_link)) = stack.pop() {
        if !expanded {
            if let Node::Element(el) = node.value() {
                if skip_element(el, flags) {
                    skipped.insert(node.id());
                    continue;
                }
            }
            let link_here =
                in_link || matches!(node.value(), Node::Element(el) if el.name() == "a");
            stack.push((node, true, in_link));
            for child in node.children() {
                stack.push((child, false, link_here));
            }
            continue;
        }
        let mut s = Stats::default();
        match node.value() {
            Node::Text(t) => {
                let len = text_len(t);
                s.text = len;
                s.commas = t.matches([',', '，', '、']).count();
                if in_link {
                    s.link_text = len;
                }
            }
            Node::Element(_) | Node::Document | Node::Fragment => {
                for child in node.children() {
                    if let Some(cs) = stats.get(&child.id()) {
                        s.text += cs.text;
                        s.link_text += cs.link_text;
                        s.commas += cs.commas;
                        s.p += cs.p;
                        s.li += cs.li;
                        s.img += cs.img;
                        s.input += cs.input;
                        s.embed += cs.embed;
                    }
                    if let Node::Element(ce) = child.value() {
                        if is_block(ce.name()) && !skipped.contains(&child.id()) {
                            s.has_block_child = true;
                        }
                    }
                }
                if let Node::Element(el) = node.value() {
                    match el.name() {
                        "p" => s.p += 1,
                        "li" => s.li += 1,
                        "img" => s.img += 1,
                        "input" => s.input += 1,
                        "embed" | "object" | "iframe" => s.embed += 1,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        stats.insert(node.id(), s);
    }
    Analysis { stats, skipped }
}
