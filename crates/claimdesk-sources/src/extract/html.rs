//! Main-text extraction from HTML: a Readability-style content scorer over the html5ever DOM.
//!
//! How it works, in order:
//! 1. One iterative pass over the DOM marks nodes to skip (scripts, navigation, hidden nodes, "unlikely" class
//!    names such as `sidebar` or `comment`) and sums, for every element, its text length, link-text length,
//!    commas and child-block counts. Iterative because real pages nest thousands deep and recursion could
//!    overflow the stack.
//! 2. Paragraph-like blocks score 1 + commas + min(len/100, 3); the score flows to the parent (full), the
//!    grandparent (half) and three more ancestors (divided by 3*level). Candidates start from a tag prior and a
//!    class-name weight (+25 for `article`, `content`, ...; -25 for `share`, `related`, ...), and the final score
//!    is scaled by (1 - link density).
//! 3. The best candidate may be replaced by an ancestor that several near-best candidates share, then joined by
//!    siblings that score well or read like prose.
//! 4. The chosen subtree is written out block by block, dropping link-heavy lists, share bars and other
//!    boilerplate ("clean conditionally").
//! 5. If that yields under 500 characters, the pass is repeated with the heuristics relaxed one by one and the
//!    longest result wins, as Readability does.
//!
//! Nothing here is fitted to individual benchmark pages; see docs/EVALUATION.md for the protocol.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

/// Heuristics that are switched off one by one when the strict pass finds too little text.
#[derive(Debug, Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

/// Per-element sums over its (non-skipped) subtree.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    text: usize,
    link_text: usize,
    commas: usize,
    p: usize,
    li: usize,
    img: usize,
    input: usize,
    embed: usize,
    has_block_child: bool,
}

impl Stats {
    fn link_density(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            self.link_text as f64 / self.text as f64
        }
    }
}

/// Elements never part of an article's text. `form` is not here: ASP.NET pages wrap the whole body in one, so
/// forms are judged like other containers by the boilerplate rules instead.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "footer", "aside", "button",
    "select", "option", "input", "textarea", "iframe", "object", "embed", "canvas", "head",
    "title", "link", "meta", "dialog", "menu", "label", "audio", "video", "picture", "source",
];

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "br",
    "caption",
    "details",
    "summary",
];

const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "newsletter",
    "subscribe",
    "cookie",
    "consent",
    "promo",
    "recirc",
    "outbrain",
    "taboola",
];
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "newsletter",
    "byline",
    "author",
    "caption",
    "credit",
];
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
    "banner",
    "contentinfo",
    "search",
];

fn class_id(el: &Element) -> String {
    let mut s = String::new();
    if let Some(c) = el.attr("class") {
        s.push_str(c);
    }
    s.push(' ');
    if let Some(i) = el.attr("id") {
        s.push_str(i);
    }
    s.to_ascii_lowercase()
}

fn any_in(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// The class weight Readability gives: +25 per positive match on class and on id, -25 per negative one.
fn class_weight(el: &Element) -> f64 {
    let mut w = 0.0;
    for part in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        let p = part.to_ascii_lowercase();
        if any_in(&p, NEGATIVE) {
            w -= 25.0;
        }
        if any_in(&p, POSITIVE) {
            w += 25.0;
        }
    }
    w
}

fn is_hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() {
        return true;
    }
    if el.attr("aria-hidden") == Some("true") {
        // Readability keeps lazily-loaded image fallbacks that are marked aria-hidden.
        return !el
            .attr("class")
            .unwrap_or_default()
            .contains("fallback-image");
    }
    if let Some(style) = el.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Whether an element and its subtree are left out entirely under `flags`.
fn skip_element(el: &Element, flags: Flags) -> bool {
    let name = el.name();
    if DROP_TAGS.contains(&name) || is_hidden(el) {
        return true;
    }
    if let Some(role) = el.attr("role") {
        if UNLIKELY_ROLES.contains(&role.to_ascii_lowercase().as_str()) {
            return true;
        }
    }
    if flags.strip_unlikely && !matches!(name, "body" | "a" | "html" | "article" | "main") {
        let ci = class_id(el);
        if any_in(&ci, UNLIKELY) && !any_in(&ci, MAYBE) {
            return true;
        }
    }
    false
}

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
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

struct Analysis {
    stats: HashMap<NodeId, Stats>,
    skipped: HashSet<NodeId>,
}

fn analyse(doc: &Html, flags: Flags) -> Analysis {
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

fn tag_prior(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn element<'a>(node: &NodeRef<'a, Node>) -> Option<&'a Element> {
    match node.value() {
        Node::Element(el) => Some(el),
        _ => None,
    }
}

/// Runs one scoring pass and returns the selected subtree roots, in document order.
fn select_content<'a>(doc: &'a Html, an: &Analysis, flags: Flags) -> Vec<NodeRef<'a, Node>> {
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

/// "Clean conditionally": whether a container inside the article looks like boilerplate (link lists, share
/// bars, image galleries, forms) rather than article text.
fn is_boilerplate(el: &Element, st: &Stats, flags: Flags) -> bool {
    let name = el.name();
    let ci = class_id(el);
    if any_in(&ci, &["share", "sharing", "social"]) && st.text < 500 {
        return true;
    }
    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        // The headline (h1) is metadata, not body text; a heading that is mostly a link is a teaser for
        // another article ("related", "you may also like").
        return name == "h1"
            || (st.text > 0 && st.link_density() > 0.5)
            || (flags.weight_classes && class_weight(el) < 0.0);
    }
    if name == "figcaption" {
        return true;
    }
    if !flags.clean_conditionally
        || !matches!(
            name,
            "div" | "section" | "ul" | "ol" | "table" | "form" | "dl"
        )
    {
        return false;
    }
    if name == "table" && st.p == 0 && st.link_density() < 0.3 {
        // Data tables are content.
        return false;
    }
    let weight = if flags.weight_classes {
        class_weight(el)
    } else {
        0.0
    };
    if weight < 0.0 {
        return true;
    }
    if st.commas >= 10 {
        return false;
    }
    let is_list = matches!(name, "ul" | "ol");
    let ld = st.link_density();
    let li_excess = st.li as f64 - 100.0;
    (st.img > 1 && (st.p as f64) / (st.img as f64) < 0.5 && st.text < 200)
        || (!is_list && li_excess > st.p as f64)
        || (st.input as f64 > (st.p as f64 / 3.0).floor())
        || (!is_list && st.text < 25 && (st.img == 0 || st.img > 2) && st.text > 0 && st.p == 0)
        || (weight < 25.0 && ld > 0.2)
        || (weight >= 25.0 && ld > 0.5)
        || ((st.embed == 1 && st.text < 75) || st.embed > 1)
}

/// Writes the text of the selected roots: one line per block, whitespace collapsed, boilerplate dropped.
fn write_text(roots: &[NodeRef<'_, Node>], an: &Analysis, flags: Flags) -> String {
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

/// The article text of a parsed page, or `None` when nothing readable is found.
pub(crate) fn main_text(doc: &Html) -> Option<String> {
    const ENOUGH: usize = 500;
    let attempts = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
    let mut best = String::new();
    for flags in attempts {
        let an = analyse(doc, flags);
        let roots = select_content(doc, &an, flags);
        let text = write_text(&roots, &an, flags);
        if text.chars().count() >= ENOUGH {
            return Some(text);
        }
        if text.len() > best.len() {
            best = text;
        }
    }
    if best.trim().is_empty() {
        None
    } else {
        Some(best)
    }
}
