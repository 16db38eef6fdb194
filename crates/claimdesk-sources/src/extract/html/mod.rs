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
//!
//! The steps live in submodules: [`rules`] (tag and class vocabularies, what is skipped, class weights and the
//! boilerplate test), [`stats`] (step 1, the DOM walk), [`select`] (steps 2 and 3, scoring and choosing the
//! content) and [`assemble`] (step 4, writing the text). This module runs the passes (step 5).

mod assemble;
mod depth;
mod rules;
mod select;
mod stats;

use scraper::Html;

pub use depth::cap_nesting;

use assemble::write_text;
use select::select_content;
use stats::analyse;

/// Heuristics that are switched off one by one when the strict pass finds too little text.
#[derive(Debug, Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
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
