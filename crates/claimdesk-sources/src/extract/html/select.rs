//! Steps 2 and 3: scoring candidate containers from their paragraph-like descendants and choosing the content:
//! the best candidate, possibly replaced by a shared or higher-scoring ancestor, joined by siblings that score
//! well or read like prose.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::rules::{class_weight, tag_prior};
use super::stats::{Analysis, Stats};
use super::Flags;

fn element<'a>(node: &NodeRef<'a, Node>) -> Option<&'a Element> {
    match node.value() {
        Node::Element(el) => Some(el),
        _ => None,
    }
}

/// Runs one scoring pass and returns the selected subtree roots, in document order.
pub(super) fn select_content<'a>(
    doc: &'a Html,
    an: &Analysis,
    flags: Flags,
) -> Vec<NodeRef<'a, Node>> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut order: Vec<NodeId> = Vec::new();
    for node in doc.tree.root().descendants() {
        let Some(el) = element(&node) else { continue };
        // Nodes inside skipped subtrees were never visited, so they have no stats.
        let Some(st) = an.stats.get(&node.id()) else {
            continue;
        };
        let name = el.name();
        let paragraph_like = matches!(name, "p" | "pre" | "td")
            || (matches!(name, "div" | "section" | "span" | "font") && !st.has_block_child);
        if !paragraph_like || st.text < 25 {
            continue;
        }
        let content_score = 1.0 + st.commas as f64 + (st.text as f64 / 100.0).floor().min(3.0);
        for (level, anc) in node.ancestors().take(5).enumerate() {
            let Some(ael) = element(&anc) else { break };
            if matches!(ael.name(), "html") {
                break;
            }
            let entry = scores.entry(anc.id()).or_insert_with(|| {
                order.push(anc.id());
                tag_prior(ael.name())
                    + if flags.weight_classes {
                        class_weight(ael)
                    } else {
                        0.0
                    }
            });
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            *entry += content_score / divider;
        }
    }
    let final_score = |id: &NodeId| -> f64 {
        let s = scores.get(id).copied().unwrap_or(0.0);
        let ld = an.stats.get(id).map(Stats::link_density).unwrap_or(0.0);
        s * (1.0 - ld)
    };
    let mut ranked: Vec<(NodeId, f64)> = order.iter().map(|id| (*id, final_score(id))).collect();
    ranked.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    let Some(&(top_id, top_score)) = ranked.first() else {
        return Vec::new();
    };
    let Some(mut top) = doc.tree.get(top_id) else {
        return Vec::new();
    };
    let mut top_score = top_score;

    // Several near-best candidates under one ancestor mean the article is split across them: take the ancestor.
    let alternatives: Vec<NodeRef<'_, Node>> = ranked
        .iter()
        .skip(1)
        .take(5)
        .filter(|(_, s)| top_score > 0.0 && *s / top_score >= 0.75)
        .filter_map(|(id, _)| doc.tree.get(*id))
        .collect();
    if alternatives.len() >= 3 {
        let mut parent = top.parent();
        while let Some(p) = parent {
            if element(&p).is_none_or(|e| e.name() == "body" || e.name() == "html") {
                break;
            }
            let containing = alternatives
                .iter()
                .filter(|alt| alt.ancestors().any(|a| a.id() == p.id()))
                .count();
            if containing >= 3 {
                top = p;
                top_score = final_score(&p.id()).max(top_score);
                break;
            }
            parent = p.parent();
        }
    }
    // Climb while the parent scores higher: the text is probably split between the child and its siblings.
    let mut last = final_score(&top.id());
    let threshold = last / 3.0;
    let mut parent = top.parent();
    while let Some(p) = parent {
        if element(&p).is_none_or(|e| e.name() == "body" || e.name() == "html") {
            break;
        }
        if !scores.contains_key(&p.id()) {
            parent = p.parent();
            continue;
        }
        let ps = final_score(&p.id());
        if ps < threshold {
            break;
        }
        if ps > last {
            top = p;
            top_score = top_score.max(ps);
            break;
        }
        last = ps;
        parent = p.parent();
    }
    // A lone child is the same content as its parent; the parent may hold captions and siblings too.
    while let Some(p) = top.parent() {
        if element(&p).is_none_or(|e| e.name() == "body" || e.name() == "html") {
            break;
        }
        let element_children = p.children().filter(|c| element(c).is_some()).count();
        if element_children != 1 {
            break;
        }
        top = p;
    }

    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let top_class = element(&top)
        .and_then(|e| e.attr("class"))
        .unwrap_or_default();
    let sibling_threshold = (top_score * 0.2).max(10.0);
    let mut selected = Vec::new();
    for sib in parent.children() {
        if sib.id() == top.id() {
            selected.push(sib);
            continue;
        }
        let Some(sel) = element(&sib) else { continue };
        if an.skipped.contains(&sib.id()) {
            continue;
        }
        let bonus = if !top_class.is_empty() && sel.attr("class") == Some(top_class) {
            top_score * 0.2
        } else {
            0.0
        };
        if scores.contains_key(&sib.id()) && final_score(&sib.id()) + bonus >= sibling_threshold {
            selected.push(sib);
            continue;
        }
        if sel.name() == "p" {
            let Some(st) = an.stats.get(&sib.id()) else {
                continue;
            };
            let ld = st.link_density();
            let text = inner_text(&sib, an);
            if (st.text > 80 && ld < 0.25)
                || (st.text > 0 && st.text <= 80 && ld == 0.0 && ends_like_sentence(&text))
            {
                selected.push(sib);
            }
        }
    }
    selected
}

fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('.') || t.contains(". ")
}

fn inner_text(node: &NodeRef<'_, Node>, an: &Analysis) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let (Node::Text(t), true) = (d.value(), an.stats.contains_key(&d.id())) {
            out.push_str(t);
        }
    }
    out
}
