//! The HTML report: one self-contained file with inline CSS, no scripts and no external requests.
//!
//! Everything that comes from the input (claim text, notes, URLs, titles, even ids) is treated as hostile and goes
//! through [`esc`]; URLs become links only when they are http(s). A Content-Security-Policy meta tag forbids
//! scripts and remote loads as a second line of defence, so even an escaping bug could not make the file phone
//! home or run code.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::anchor::{claim_anchor, is_web_url};
use crate::model::{
    CitationEntry, ClaimEntry, QuoteMatch, ReportInput, SourceInfo, Stance, Status,
};

/// Appends `s` with the five HTML-significant characters escaped; safe in text and in quoted attribute values.
pub(crate) fn esc(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn esc_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    esc(&mut out, s);
    out
}

const CSS: &str = r#"
:root{--ink:#1d2125;--muted:#5b636b;--line:#d9dde1;--unsourced:#b7791f;--disputed:#c0392b;--verified:#2f855a;--bg-soft:#f6f7f8}
*{box-sizing:border-box}
body{font:15px/1.5 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:var(--ink);max-width:60rem;margin:2rem auto;padding:0 1.25rem}
h1{font-size:1.7rem;margin:0 0 .25rem}h2{font-size:1.3rem;border-bottom:2px solid var(--ink);padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.1rem;margin:0 0 .5rem}h4{font-size:.95rem;margin:1rem 0 .4rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
a{color:#1f5fa8}code,.hash{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.82em;word-break:break-all}
.meta{color:var(--muted);margin:.1rem 0}
.badge{display:inline-block;border-radius:3px;padding:0 .45rem;font-size:.8rem;font-weight:600;color:#fff;vertical-align:middle}
.badge.unsourced{background:var(--unsourced)}.badge.disputed{background:var(--disputed)}.badge.verified{background:var(--verified)}
.flag{display:inline-block;border:1px solid var(--muted);color:var(--muted);border-radius:3px;padding:0 .35rem;font-size:.75rem;margin-left:.3rem}
.flag.warn{border-color:var(--disputed);color:var(--disputed)}
.health-ok{color:var(--verified)}.health-changed,.health-redirected_elsewhere,.health-gone{color:var(--disputed);font-weight:600}.health-failing,.health-unchecked{color:var(--unsourced)}
.summary-grid{display:grid;grid-template-columns:minmax(16rem,1fr) 1fr;gap:1.5rem;align-items:start}
table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.9rem}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--bg-soft);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.claim{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:4px;padding:1rem 1.2rem;margin:1.2rem 0}
.claim.unsourced{border-left-color:var(--unsourced)}.claim.disputed{border-left-color:var(--disputed)}.claim.verified{border-left-color:var(--verified)}
blockquote{margin:.5rem 0;padding:.4rem .8rem;background:var(--bg-soft);border-left:3px solid var(--line)}
blockquote.claim-text{font-size:1.05rem}
.citation{border-top:1px dashed var(--line);padding-top:.6rem;margin-top:.6rem}
.stance{font-weight:600}.stance.supports{color:var(--verified)}.stance.contradicts{color:var(--disputed)}.stance.context{color:var(--muted)}
dl.kv{display:grid;grid-template-columns:11rem 1fr;gap:.15rem .8rem;margin:.3rem 0}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;overflow-wrap:anywhere}
ul.claims-list{padding-left:1.2rem}ul.claims-list li{margin:.15rem 0}
.none{color:var(--muted);font-style:italic}
footer{margin-top:3rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);padding-top:.5rem}
@media print{
 body{max-width:none;margin:0;font-size:10.5pt}
 a{color:inherit;text-decoration:none}
 .claim{break-before:page;page-break-before:always;border-left-width:4px}
 .citation,table,dl.kv{break-inside:avoid;page-break-inside:avoid}
 h2{break-after:avoid;page-break-after:avoid}
 #summary{break-after:page;page-break-after:always}
}
@page{margin:16mm 14mm}
"#;

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Unsourced => "Unsourced",
        Status::Verified => "Verified",
        Status::Disputed => "Disputed",
    }
}

fn color(s: Status) -> &'static str {
    match s {
        Status::Unsourced => "#b7791f",
        Status::Verified => "#2f855a",
        Status::Disputed => "#c0392b",
    }
}

/// A link when the URL is http(s), else the URL as plain text.
fn link(out: &mut String, url: &str, text: Option<&str>) {
    if is_web_url(url) {
        out.push_str("<a rel=\"noreferrer noopener\" href=\"");
        esc(out, url.trim());
        out.push_str("\">");
        esc(out, text.unwrap_or(url));
        out.push_str("</a>");
    } else {
        out.push_str("<code>");
        esc(out, url);
        out.push_str("</code>");
    }
}

/// The status chart: one horizontal bar per status, drawn in inline SVG so the file stays self-contained.
fn chart(out: &mut String, a: &Analysis) {
    let c = a.summary.counts;
    let rows = [
        (Status::Unsourced, c.unsourced),
        (Status::Disputed, c.disputed),
        (Status::Verified, c.verified),
    ];
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (w, label_w, bar_h, gap) = (360.0_f64, 90.0_f64, 26.0_f64, 12.0_f64);
    let bar_max = w - label_w - 60.0;
    let h = rows.len() as f64 * (bar_h + gap) + gap;
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Claims by status: {} unsourced, {} \
         disputed, {} verified</title>",
        c.unsourced, c.disputed, c.verified
    );
    for (i, (status, n)) in rows.iter().enumerate() {
        let y = gap + i as f64 * (bar_h + gap);
        let bw = if *n == 0 {
            0.0
        } else {
            (bar_max * *n as f64 / max as f64).max(2.0)
        };
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\" font-size=\"13\" font-family=\"sans-serif\" fill=\"#1d2125\">{label}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{bw:.1}\" height=\"{bar_h}\" rx=\"3\" fill=\"{fill}\"/>\
             <text x=\"{tx:.1}\" y=\"{ty}\" font-size=\"13\" font-family=\"sans-serif\" fill=\"#1d2125\">{n}</text>",
            ty = y + bar_h * 0.68,
            label = status_label(*status),
            fill = color(*status),
            tx = label_w + bw + 6.0,
        );
    }
    out.push_str("</svg>");
}

fn claim_ref(out: &mut String, c: &ClaimEntry) {
    out.push_str("<li><a href=\"#");
    out.push_str(&claim_anchor(&c.id));
    out.push_str("\">Line ");
    let _ = write!(out, "{}", c.line);
    out.push_str("</a>: ");
    esc(out, &c.text);
    out.push_str("</li>");
}

fn claim_list(out: &mut String, input: &ReportInput, title: &str, why: &str, idx: &[usize]) {
    if idx.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h3>{} ({})</h3><p class=\"meta\">{}</p><ul class=\"claims-list\">",
        title,
        idx.len(),
        why
    );
    for c in idx.iter().filter_map(|&i| input.claims.get(i)) {
        claim_ref(out, c);
    }
    out.push_str("</ul>");
}

fn summary(out: &mut String, input: &ReportInput, a: &Analysis) {
    let s = &a.summary;
    let c = s.counts;
    out.push_str("<section id=\"summary\"><h2>Summary</h2><div class=\"summary-grid\"><div>");
    chart(out, a);
    out.push_str("</div><table><tbody>");
    let rows: [(&str, usize); 8] = [
        ("Claims", c.total),
        ("Unsourced", c.unsourced),
        ("Disputed", c.disputed),
        ("Verified", c.verified),
        ("Citations", s.citations),
        ("Citations not archived", s.citations_unarchived),
        ("Sources", s.sources),
        ("Independent sources", s.independent_sources),
    ];
    for (k, v) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{k}</th><td class=\"num\">{v}</td></tr>"
        );
    }
    out.push_str("</tbody></table></div>");
    for l in s.attention_lists() {
        claim_list(out, input, l.title, l.why, l.claims);
    }
    let gone = s.sources_in_trouble();
    if !gone.is_empty() {
        let _ = write!(
            out,
            "<h3>Sources gone or changed since cited ({})</h3><p class=\"meta\">The archived snapshot in the evidence \
             bundle is what was checked.</p><table><thead><tr><th>Source</th><th>Link health</th><th>Cited by</th></tr>\
             </thead><tbody>",
            gone.len()
        );
        for i in gone {
            if let Some(src) = input.sources.get(i) {
                out.push_str("<tr><td>");
                link(out, &src.url, Some(src.display_name()));
                let h = src.link_health.as_str();
                let _ = write!(out, "</td><td class=\"health-{h}\">{h}</td><td>");
                let cited = a.cited_by.get(i).map(Vec::as_slice).unwrap_or(&[]);
                for (k, c) in cited
                    .iter()
                    .filter_map(|&ci| input.claims.get(ci))
                    .enumerate()
                {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(
                        out,
                        "<a href=\"#{}\">line {}</a>",
                        claim_anchor(&c.id),
                        c.line
                    );
                }
                out.push_str("</td></tr>");
            }
        }
        out.push_str("</tbody></table>");
    }
    if !s.sources_unchecked.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\">{} source(s) were never link-checked.</p>",
            s.sources_unchecked.len()
        );
    }
    out.push_str("</section>");
}

fn independence(out: &mut String, input: &ReportInput, a: &Analysis) {
    out.push_str("<section id=\"independence\"><h2>Source independence</h2>");
    let _ = write!(
        out,
        "<p>{} source(s) cited; {} independent once copies of the same story are counted once. Sources are grouped \
         when they are the same page, the same archived bytes, or near-duplicate text (a syndicated wire story).</p>",
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
        out.push_str("<p class=\"none\">No two sources are copies of each other.</p>");
    } else {
        out.push_str(
            "<table><thead><tr><th>Group</th><th>Copies</th><th>Sources</th></tr></thead><tbody>",
        );
        for (g, members) in multi {
            let _ = write!(
                out,
                "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td><ul>",
                g + 1,
                members.len()
            );
            for src in members.iter().filter_map(|&m| input.sources.get(m)) {
                out.push_str("<li>");
                link(out, &src.url, Some(src.display_name()));
                if let Some(p) = src.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
                    out.push_str(" — ");
                    esc(out, p);
                }
                out.push_str("</li>");
            }
            out.push_str("</ul></td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
}

fn kv(out: &mut String, k: &str, v: &str) {
    out.push_str("<dt>");
    out.push_str(k);
    out.push_str("</dt><dd>");
    esc(out, v);
    out.push_str("</dd>");
}

fn citation(out: &mut String, input: &ReportInput, a: &Analysis, cit: &CitationEntry) {
    let stance = cit.stance.as_str();
    let _ = write!(
        out,
        "<div class=\"citation\"><p><span class=\"stance {stance}\">{}</span> ",
        match cit.stance {
            Stance::Supports => "Supports",
            Stance::Contradicts => "Contradicts",
            Stance::Context => "Context",
        }
    );
    let src = cit.source.and_then(|i| input.sources.get(i));
    link(out, &cit.url, src.map(SourceInfo::display_name));
    out.push_str("</p><dl class=\"kv\">");
    match src {
        Some(s) => {
            if let Some(t) = &s.title {
                kv(out, "Title", t);
            }
            kv(out, "Publisher", s.publisher.as_deref().unwrap_or("—"));
            kv(
                out,
                "Author",
                &if s.authors.is_empty() {
                    "—".to_string()
                } else {
                    s.authors.join(", ")
                },
            );
            kv(out, "Date", s.published.as_deref().unwrap_or("—"));
            out.push_str("<dt>URL</dt><dd>");
            link(out, &cit.url, None);
            out.push_str("</dd>");
            if let Some(f) = s.final_url.as_deref().filter(|f| *f != cit.url) {
                out.push_str("<dt>Final URL</dt><dd>");
                link(out, f, None);
                out.push_str("</dd>");
            }
            kv(out, "Archived", &s.archived_line());
            out.push_str("<dt>SHA-256</dt><dd class=\"hash\">");
            esc(out, s.sha256.as_deref().unwrap_or("—"));
            let h = s.link_health.as_str();
            let _ = write!(
                out,
                "</dd><dt>Link health</dt><dd class=\"health-{h}\">{h}</dd>"
            );
            if let Some(gi) = cit.source.and_then(|i| a.group_of.get(i)) {
                let size = a.groups.get(*gi).map(Vec::len).unwrap_or(1);
                if size > 1 {
                    let _ = write!(
                        out,
                        "<dt>Independence</dt><dd>copy of the same story as {} other source(s) (<a \
                         href=\"#independence\">group {}</a>)</dd>",
                        size - 1,
                        gi + 1
                    );
                }
            }
        }
        None => {
            out.push_str("<dt>URL</dt><dd>");
            link(out, &cit.url, None);
            out.push_str("</dd><dt>Archived</dt><dd class=\"health-unchecked\">not archived</dd>");
        }
    }
    if !cit.note.trim().is_empty() {
        kv(out, "Note", &cit.note);
    }
    kv(
        out,
        "Added",
        &format!(
            "by {} at {}",
            or_dash(&cit.added_by),
            or_dash(&cit.added_at)
        ),
    );
    out.push_str("</dl>");
    if let Some(p) = &cit.passage {
        let _ = write!(
            out,
            "<h4>Cited passage ({}bytes {}–{})</h4><blockquote>",
            p.page.map(|n| format!("p. {n}, ")).unwrap_or_default(),
            p.start,
            p.end
        );
        esc(out, &p.text);
        out.push_str("</blockquote>");
    }
    if !cit.quote_checks.is_empty() {
        out.push_str("<h4>Quote check</h4><table><thead><tr><th>Quotation</th><th>Result</th><th>Source wording</th></tr></thead><tbody>");
        for q in &cit.quote_checks {
            out.push_str("<tr><td>");
            esc(out, &q.quote);
            let cls = if q.matched == QuoteMatch::NotFound {
                "health-gone"
            } else {
                "health-ok"
            };
            let _ = write!(out, "</td><td class=\"{cls}\">{}", q.matched.as_str());
            if let (QuoteMatch::Fuzzy, Some(d)) = (q.matched, q.distance) {
                let _ = write!(out, " (distance {d})");
            }
            out.push_str("</td><td>");
            esc(out, q.source_text.as_deref().unwrap_or("—"));
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div>");
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "—"
    } else {
        s
    }
}

fn claim(out: &mut String, input: &ReportInput, a: &Analysis, i: usize, c: &ClaimEntry) {
    let anchor = claim_anchor(&c.id);
    let st = c.status.as_str();
    let _ = write!(
        out,
        "<article class=\"claim {st}\" id=\"{anchor}\"><h3><a href=\"#{anchor}\">Claim {n}</a> <span class=\"badge \
         {st}\">{label}</span>",
        n = i + 1,
        label = status_label(c.status)
    );
    let flags: [(bool, &str, bool); 5] = [
        (c.stale, "stale", true),
        (c.orphan, "orphaned", true),
        (c.unnamed_source, "unnamed source", true),
        (c.opinion, "opinion", false),
        (!c.checkworthy, "not check-worthy", false),
    ];
    for (on, name, warn) in flags {
        if on {
            let _ = write!(
                out,
                "<span class=\"flag{}\">{name}</span>",
                if warn { " warn" } else { "" }
            );
        }
    }
    out.push_str("</h3><blockquote class=\"claim-text\">");
    esc(out, &c.text);
    out.push_str("</blockquote><dl class=\"kv\">");
    kv(
        out,
        "Location",
        &format!("line {}, bytes {}–{}", c.line, c.start, c.end),
    );
    let mut status = status_label(c.status).to_string();
    if let Some(by) = &c.status_set_by {
        status.push_str(" — set by ");
        status.push_str(by);
    }
    if let Some(at) = &c.status_set_at {
        status.push_str(" at ");
        status.push_str(at);
    }
    kv(out, "Status", &status);
    if let Some(r) = c.status_reason.as_deref().filter(|r| !r.trim().is_empty()) {
        kv(out, "Reason", r);
    }
    let mut detection = format!(
        "score {:.2}",
        if c.score.is_finite() { c.score } else { 0.0 }
    );
    if !c.kinds.is_empty() {
        detection.push_str("; ");
        detection.push_str(&c.kinds.join(", "));
    }
    kv(out, "Detection", &detection);
    let support = a.independent_support.get(i).copied().unwrap_or(0);
    kv(
        out,
        "Independent support",
        &format!("{support} independent supporting source(s)"),
    );
    out.push_str("</dl>");
    if !c.quotes.is_empty() {
        out.push_str("<h4>Quotations</h4><ul>");
        for q in &c.quotes {
            out.push_str("<li>“");
            esc(out, &q.text);
            out.push('”');
            if let Some(sp) = &q.speaker {
                out.push_str(" — ");
                esc(out, sp);
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    let _ = write!(out, "<h4>Citations ({})</h4>", c.citations.len());
    if c.citations.is_empty() {
        out.push_str("<p class=\"none\">No citations.</p>");
    }
    for cit in &c.citations {
        citation(out, input, a, cit);
    }
    out.push_str("<h4>History</h4>");
    if c.history.is_empty() {
        out.push_str("<p class=\"none\">No recorded changes.</p>");
    } else {
        out.push_str("<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Change</th><th>Why</th></tr></thead><tbody>");
        for h in &c.history {
            out.push_str("<tr><td>");
            esc(out, &h.at);
            out.push_str("</td><td>");
            esc(out, &h.editor);
            out.push_str("</td><td>");
            esc(out, &h.action);
            out.push_str("</td><td>");
            match (&h.old, &h.new) {
                (Some(o), Some(n)) => {
                    esc(out, o);
                    out.push_str(" → ");
                    esc(out, n);
                }
                (None, Some(n)) => esc(out, n),
                (Some(o), None) => {
                    out.push_str("removed ");
                    esc(out, o);
                }
                (None, None) => out.push('—'),
            }
            out.push_str("</td><td>");
            esc(out, h.reason.as_deref().unwrap_or(""));
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</article>");
}

pub(crate) fn render(input: &ReportInput, a: &Analysis) -> String {
    // About 3 KB per claim in practice; reserving avoids repeated reallocation of a multi-megabyte string.
    let mut out = String::with_capacity(16_384 + input.claims.len() * 3_072);
    let d = &input.document;
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         img-src data:\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"",
    );
    esc(&mut out, &input.generator);
    out.push_str("\"><title>Verification report — ");
    esc(&mut out, &d.title);
    out.push_str("</title><style>");
    out.push_str(CSS);
    out.push_str(
        "</style></head><body><header><h1>Verification report</h1><p class=\"meta\"><strong>",
    );
    esc(&mut out, &d.title);
    out.push_str("</strong> — ");
    esc(&mut out, &d.file_name);
    let _ = write!(out, ", version {}, imported ", d.version);
    esc(&mut out, &d.imported_at);
    out.push_str("</p><p class=\"meta\">Draft SHA-256 <span class=\"hash\">");
    esc(&mut out, &d.text_sha256);
    out.push_str("</span></p><p class=\"meta\">Generated ");
    esc(&mut out, &input.generated_at);
    out.push_str(" by ");
    esc(&mut out, &input.generator);
    out.push_str(
        "</p><nav class=\"meta\"><a href=\"#summary\">Summary</a> · <a href=\"#independence\">Source independence</a> \
         · <a href=\"#claims\">Claims</a></nav></header>",
    );
    summary(&mut out, input, a);
    independence(&mut out, input, a);
    out.push_str("<section id=\"claims\"><h2>Claims</h2>");
    if input.claims.is_empty() {
        out.push_str("<p class=\"none\">The draft has no claims.</p>");
    }
    for (i, c) in input.claims.iter().enumerate() {
        claim(&mut out, input, a, i, c);
    }
    out.push_str("</section><footer>Sources are described as archived; link health is as of the last check. ");
    out.push_str("Document id <code>");
    out.push_str(&esc_str(&d.id));
    out.push_str("</code>.</footer></body></html>\n");
    out
}
