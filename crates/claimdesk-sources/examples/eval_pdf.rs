//! PDF reading on `$CLAIMDESK_DATA/pdf` (default `../shared/data/pdf`): word-4-gram F1 per layout on
//! `layouts/` (the metric of its `peers.py`: tokens `\w+` lower-cased, per-file precision and recall averaged,
//! F1 from the two means), gold snippets found on their page and hard-case outcomes on `realworld/`, and pages
//! per second. `--peers` also runs `peers.py` there (pdftotext and pdfminer.six) so the figures come from one run.
//!
//! `cargo run --release -p claimdesk-sources --example eval_pdf [-- --peers]`

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimdesk_sources::extract;
use serde_json::Value;

fn words(t: &str) -> Vec<String> {
    t.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || is_mark(c)))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Combining marks, which Python's `\w` also matches (Devanagari vowel signs and the like).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF)
        && !c.is_alphanumeric()
}

fn shingles(t: &str) -> HashMap<Vec<String>, usize> {
    let w = words(t);
    let mut m = HashMap::new();
    for s in w.windows(4) {
        *m.entry(s.to_vec()).or_insert(0) += 1;
    }
    m
}

fn precision_recall(pred: &str, gold: &str) -> (f64, f64) {
    let (p, g) = (shingles(pred), shingles(gold));
    let tp: usize = p
        .iter()
        .map(|(k, n)| (*n).min(*g.get(k).unwrap_or(&0)))
        .sum();
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    (tp as f64 / np.max(1) as f64, tp as f64 / ng.max(1) as f64)
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    let root = PathBuf::from(data).join("pdf");
    let read = |p: &Path| {
        let bytes = std::fs::read(p).unwrap_or_default();
        extract(Some("application/pdf"), &p.to_string_lossy(), &bytes)
    };
    // `--show FILE...`: print each file's pages (for looking at what the layout pass did).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--show") {
        for f in &args[1..] {
            let got = read(Path::new(f));
            println!("== {f}: {:?} {:?} {:?}", got.metadata, got.pdf, got.problem);
            for (n, t) in got.page_texts() {
                println!("--- page {n}\n{t}");
            }
        }
        return Ok(());
    }

    let truth: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join("layouts/truth.json"))?)?;
    let mut by: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
    let (mut pages, started) = (0usize, Instant::now());
    for (file, rec) in &truth {
        let got = read(&root.join("layouts").join(file));
        pages += got.pages.len();
        let gold = rec["text"].as_str().unwrap_or("");
        let layout = rec["layout"].as_str().unwrap_or("?").to_string();
        by.entry(layout)
            .or_default()
            .push(precision_recall(got.text.as_deref().unwrap_or(""), gold));
    }
    let secs = started.elapsed().as_secs_f64();
    println!("layouts/: F1 per layout (P/R means), seconds");
    let row: Vec<String> = by
        .iter()
        .map(|(l, v)| {
            let p = v.iter().map(|x| x.0).sum::<f64>() / v.len() as f64;
            let r = v.iter().map(|x| x.1).sum::<f64>() / v.len() as f64;
            format!(
                "{l} {:.3} (P {p:.3} R {r:.3})",
                2.0 * p * r / (p + r).max(1e-9)
            )
        })
        .collect();
    println!(
        "  claimdesk: {}; {secs:.2} s for {} files, {pages} pages, {:.0} pages/s",
        row.join(", "),
        truth.len(),
        pages as f64 / secs
    );

    let gold: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(root.join("realworld/gold.json"))?)?;
    let (mut hit, mut total, mut hard, mut missed) = (0, 0, Vec::new(), Vec::new());
    let (mut pages, started) = (0usize, Instant::now());
    for (file, rec) in &gold {
        let got = read(&root.join("realworld").join(file));
        pages += got.pages.len();
        let texts = got.page_texts();
        for s in rec["snippets"].as_array().into_iter().flatten() {
            let page = s["page"].as_u64().unwrap_or(0) as u32;
            let want = fold(s["text"].as_str().unwrap_or(""));
            total += 1;
            let on_page = texts
                .iter()
                .find(|(n, _)| *n == page)
                .is_some_and(|(_, t)| fold(t).contains(&want));
            if on_page {
                hit += 1;
            } else {
                missed.push(format!("{file} p.{page}: {want}"));
            }
        }
        let expect = rec["expect"].as_str().unwrap_or("text");
        let outcome = match (&got.text, &got.problem) {
            (_, Some(p)) => format!("error {:?}: {}", p.kind, p.message),
            (Some(_), None) => "text".to_string(),
            (None, None) => "no text".to_string(),
        };
        let ok = match expect {
            "error" => got.problem.is_some(),
            "text" => got.text.is_some() && got.problem.is_none(),
            _ => true,
        };
        if expect != "text" || !ok {
            hard.push(format!(
                "{file} (expect {expect}): {outcome}{}",
                if ok { "" } else { " MISMATCH" }
            ));
        }
        if let Some(n) = rec["pages"].as_u64() {
            if got.pages.len() as u64 != n && expect == "text" {
                hard.push(format!(
                    "{file}: {} pages, expected {n} MISMATCH",
                    got.pages.len()
                ));
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("realworld/: snippets found on their page; hard cases");
    println!(
        "  claimdesk: {hit}/{total} snippets; {pages} pages in {secs:.2} s ({:.0} pages/s)",
        pages as f64 / secs
    );
    for m in &missed {
        println!("    missed {m}");
    }
    for h in &hard {
        println!("    {h}");
    }
    if std::env::args().any(|a| a == "--peers") {
        let status = std::process::Command::new("python3")
            .arg("peers.py")
            .current_dir(&root)
            .status()?;
        if !status.success() {
            return Err(
                "peers.py failed (pdfminer.six installed? scripts/install-deps --test)".into(),
            );
        }
    }
    Ok(())
}
