//! The vocabularies the extractor judges elements by (tags never part of an article, block tags, "unlikely",
//! positive and negative class/id words, unlikely ARIA roles) and the per-element judgements built on them:
//! whether an element is skipped, its class weight, its tag prior and whether a container is boilerplate.
//!
//! Kept together so that every word list and threshold the heuristics use can be read and reviewed in one place.

use scraper::node::Element;

use super::stats::Stats;
use super::Flags;

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
pub(super) fn class_weight(el: &Element) -> f64 {
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
pub(super) fn skip_element(el: &Element, flags: Flags) -> bool {
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

pub(super) fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

pub(super) fn tag_prior(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// "Clean conditionally": whether a container inside the article looks like boilerplate (link lists, share
/// bars, image galleries, forms) rather than article text.
pub(super) fn is_boilerplate(el: &Element, st: &Stats, flags: Flags) -> bool {
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
