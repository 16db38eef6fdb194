//! The GitHub-flavoured Markdown report.
//!
//! Markdown has no escaping of its own for untrusted text, so every input string goes through [`inline`]: whitespace
//! runs collapse to one space (a newline in a claim must not start a heading or end a table row), ASCII characters
//! that Markdown or inline HTML give meaning to are backslash-escaped, and line-start markers (`#`, `-`, `1.`) are
//! escaped when the text begins with them. Pipes are escaped everywhere, which is what GFM tables need.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::anchor::{claim_anchor, is_web_url};
use crate::model::{CitationEntry, ClaimEntry, QuoteMatch, ReportInput, SourceInfo, Status};

/// Appends `s` as inert inline Markdown text.
pub(crate) fn inline(out: &mut String, s: &str) {
    let mut first_char = true;
    let mut leading_digits = true;
    for (w, word) in s.split_whitespace().enumerate() {
        if w > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            let escape = match c {
                // Emphasis, code, links, inline HTML, entities, table cells, strikethrough and GitHub's math.
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' => true,
                // Only special at the start of a line or list item: headings, lists, quotes.
                '#' | '-' | '+' | '=' => first_char,
                // "2024. was" or "1) x" at the very start would begin an ordered list inside a list item.
                '.' | ')' => leading_digits && !first_char,
                _ => false,
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
            if !c.is_ascii_digit() {
                leading_digits = false;
            }
            first_char = false;
        }
        leading_digits = false;
    }
}

fn inl(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    inline(&mut out, s);
    out
}

/// A link when the URL is http(s); otherwise the URL as escaped text. The destination goes in angle brackets,
/// where only `<`, `>` and newlines are special, and those are percent-encoded.
fn link(out: &mut String, url: &str, text: &str) {
    if is_web_url(url) {
        out.push('[');
        inline(out, text);
        out.push_str("](<");
        for c in url.trim().chars() {
            match c {
                '<' => out.push_str("%3C"),
                '>' => out.push_str("%3E"),
                _ => out.push(c),
            }
        }
        out.push_str(">)");
    } else {
        inline(out, url);
    }
}

fn label(s: Status) -> &'static str {
    match s {
        Status::Unsourced => "**UNSOURCED**",
        Status::Verified => "**VERIFIED**",
        Status::Disputed => "**DISPUTED**",
    }
}

fn claim_line(out: &mut String, c: &ClaimEntry) {
    let _ = write!(out, "- [line {}](#{}): ", c.line, claim_anchor(&c.id));
    inline(out, &c.text);
    out.push('\n');
}

fn list(out: &mut String, input: &ReportInput, title: &str, idx: &[usize]) {
    if idx.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title} ({})\n", idx.len());
    for c in idx.iter().filter_map(|&i| input.claims.get(i)) {
        claim_line(out, c);
    }
    out.push('\n');
}

fn citation(out: &mut String, input: &ReportInput, a: &Analysis, n: usize, cit: &CitationEntry) {
    let src = cit.source.and_then(|i| input.sources.get(i));
    let _ = write!(out, "{n}. *{}* ", cit.stance.as_str());
    link(
        out,
        &cit.url,
        src.map(SourceInfo::display_name).unwrap_or(&cit.url),
    );
    out.push('\n');
    let mut field = |k: &str, v: &str| {
        let _ = writeln!(out, "   - {k}: {}", inl(v));
    };
    match src {
        Some(s) => {
            field("Publisher", s.publisher.as_deref().unwrap_or("—"));
            field(
                "Author",
                &if s.authors.is_empty() {
                    "—".into()
                } else {
                    s.authors.join(", ")
                },
            );
            field("Date", s.published.as_deref().unwrap_or("—"));
            field("URL", &cit.url);
            if let Some(f) = s.final_url.as_deref().filter(|f| *f != cit.url) {
                field("Final URL", f);
            }
            field("Archived", &s.archived_line());
            let _ = writeln!(
                out,
                "   - SHA-256: `{}`",
                s.sha256.as_deref().map(code_safe).unwrap_or_default()
            );
            let _ = writeln!(out, "   - Link health: **{}**", s.link_health.as_str());
            if let Some(gi) = cit.source.and_then(|i| a.group_of.get(i)) {
                let size = a.groups.get(*gi).map(Vec::len).unwrap_or(1);
                if size > 1 {
                    let _ = writeln!(
                        out,
                        "   - Independence: same story as {} other source(s) (group {})",
                        size - 1,
                        gi + 1
                    );
                }
            }
        }
        None => {
            field("URL", &cit.url);
            field("Archived", "not archived");
        }
    }
    if !cit.note.trim().is_empty() {
        let _ = writeln!(out, "   - Note: {}", inl(&cit.note));
    }
    let _ = writeln!(
        out,
        "   - Added by {} at {}",
        inl(&cit.added_by),
        inl(&cit.added_at)
    );
    if let Some(p) = &cit.passage {
        let _ = writeln!(
            out,
            "   - Cited passage ({}bytes {}–{}): “{}”",
            p.page.map(|n| format!("p. {n}, ")).unwrap_or_default(),
            p.start,
            p.end,
            inl(&p.text)
        );
    }
    for q in &cit.quote_checks {
        let result = match (q.matched, q.distance) {
            (QuoteMatch::Fuzzy, Some(d)) => format!("fuzzy (distance {d})"),
            (m, _) => m.as_str().to_string(),
        };
        let _ = write!(out, "   - Quote check: “{}” — **{result}**", inl(&q.quote));
        if let Some(t) = &q.source_text {
            let _ = write!(out, "; source has “{}”", inl(t));
        }
        out.push('\n');
    }
}

/// Backticks cannot be escaped inside a code span; hashes never contain them, but the input is not trusted.
fn code_safe(s: &str) -> String {
    s.chars().filter(|c| *c != '`' && !c.is_control()).collect()
}

pub(crate) fn render(input: &ReportInput, a: &Analysis) -> String {
    let mut out = String::with_capacity(8_192 + input.claims.len() * 1_536);
    let d = &input.document;
    let s = &a.summary;
    let _ = writeln!(out, "# Verification report: {}\n", inl(&d.title));
    let _ = writeln!(
        out,
        "- Draft: {} (version {}, imported {})\n- Draft SHA-256: `{}`\n- Generated {} by {}\n",
        inl(&d.file_name),
        d.version,
        inl(&d.imported_at),
        code_safe(&d.text_sha256),
        inl(&input.generated_at),
        inl(&input.generator)
    );
    out.push_str("## Summary\n\n| Status | Claims |\n|---|---:|\n");
    let c = s.counts;
    let _ = writeln!(
        out,
        "| Unsourced | {} |\n| Disputed | {} |\n| Verified | {} |\n| **Total** | **{}** |\n",
        c.unsourced, c.disputed, c.verified, c.total
    );
    let _ = writeln!(
        out,
        "{} citation(s), {} not archived; {} source(s), {} independent.\n",
        s.citations, s.citations_unarchived, s.sources, s.independent_sources
    );
    for l in s.attention_lists() {
        list(&mut out, input, l.title, l.claims);
    }
    let gone = s.sources_in_trouble();
    if !gone.is_empty() {
        let _ = writeln!(
            out,
            "### Sources gone or changed since cited ({})\n",
            gone.len()
        );
        out.push_str("| Source | Link health | Cited by (lines) |\n|---|---|---|\n");
        for i in gone {
            if let Some(src) = input.sources.get(i) {
                out.push_str("| ");
                link(&mut out, &src.url, src.display_name());
                let lines: Vec<String> = a
                    .cited_by
                    .get(i)
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|&ci| input.claims.get(ci))
                    .map(|c| format!("[{}](#{})", c.line, claim_anchor(&c.id)))
                    .collect();
                let _ = writeln!(
                    out,
                    " | {} | {} |",
                    src.link_health.as_str(),
                    lines.join(", ")
                );
            }
        }
        out.push('\n');
    }

    out.push_str("## Source independence\n\n");
    let _ = writeln!(
        out,
        "{} source(s) cited; {} independent once copies of the same story are counted once.\n",
        input.sources.len(),
        a.groups.len()
    );
    let multi: Vec<(usize, &Vec<usize>)> = a
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.len() > 1)
        .collect();
    if multi.is_empty() {
        out.push_str("No two sources are copies of each other.\n\n");
    } else {
        out.push_str("| Group | Copies | Sources |\n|---:|---:|---|\n");
        for (g, members) in multi {
            let names: Vec<String> = members
                .iter()
                .filter_map(|&m| input.sources.get(m))
                .map(|src| {
                    let mut l = String::new();
                    link(&mut l, &src.url, src.display_name());
                    l
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                g + 1,
                members.len(),
                names.join("<br>")
            );
        }
        out.push('\n');
    }

    out.push_str("## Claims\n\n");
    for (i, c) in input.claims.iter().enumerate() {
        // An explicit anchor: GitHub's generated heading ids depend on the heading text, which is the claim.
        let _ = writeln!(out, "<a id=\"{}\"></a>\n", claim_anchor(&c.id));
        let _ = write!(out, "### Claim {}: {}", i + 1, label(c.status));
        for (on, name) in [
            (c.stale, "stale"),
            (c.orphan, "orphaned"),
            (c.unnamed_source, "unnamed source"),
            (c.opinion, "opinion"),
        ] {
            if on {
                let _ = write!(out, " `{name}`");
            }
        }
        let _ = writeln!(out, "\n\n> {}\n", inl(&c.text));
        let _ = writeln!(
            out,
            "- Location: line {}, bytes {}–{}",
            c.line, c.start, c.end
        );
        let _ = write!(out, "- Status: {}", c.status.as_str());
        if let Some(by) = &c.status_set_by {
            let _ = write!(out, ", set by {}", inl(by));
        }
        if let Some(at) = &c.status_set_at {
            let _ = write!(out, " at {}", inl(at));
        }
        out.push('\n');
        if let Some(r) = c.status_reason.as_deref().filter(|r| !r.trim().is_empty()) {
            let _ = writeln!(out, "- Reason: {}", inl(r));
        }
        let _ = writeln!(
            out,
            "- Independent supporting sources: {}",
            a.independent_support.get(i).copied().unwrap_or(0)
        );
        for q in &c.quotes {
            let _ = write!(out, "- Quotation: “{}”", inl(&q.text));
            if let Some(sp) = &q.speaker {
                let _ = write!(out, " — {}", inl(sp));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "\n#### Citations ({})\n", c.citations.len());
        if c.citations.is_empty() {
            out.push_str("_No citations._\n");
        }
        for (n, cit) in c.citations.iter().enumerate() {
            citation(&mut out, input, a, n + 1, cit);
        }
        out.push_str("\n#### History\n\n");
        if c.history.is_empty() {
            out.push_str("_No recorded changes._\n\n");
        } else {
            out.push_str("| When | Who | What | Change | Why |\n|---|---|---|---|---|\n");
            for h in &c.history {
                let change = match (&h.old, &h.new) {
                    (Some(o), Some(n)) => format!("{} → {}", inl(o), inl(n)),
                    (None, Some(n)) => inl(n),
                    (Some(o), None) => format!("removed {}", inl(o)),
                    (None, None) => "—".into(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    inl(&h.at),
                    inl(&h.editor),
                    inl(&h.action),
                    change,
                    inl(h.reason.as_deref().unwrap_or(""))
                );
            }
            out.push('\n');
        }
    }
    out
}
