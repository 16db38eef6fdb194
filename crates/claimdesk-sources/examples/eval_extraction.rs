//! Main-text extraction quality and speed on the article-extraction benchmark (181 pages) and the 25
//! Readability test pages, scored by F1 over word 4-gram shingles exactly like the benchmark's `evaluate.py`.
//!
//! ```text
//! cargo run --release -p claimdesk-sources --example eval_extraction -- [--split dev|test|all] [--dump FILE.json] [--worst N]
//! ```
//! Split: pages whose file name (a SHA-256) starts with 0-7 are "dev" (used while developing the heuristics),
//! 8-f are "test" (held out). `--dump` writes `{page: {"articleBody": text}}` for the peer comparison script.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimdesk_sources::extract_html;

/// `$CLAIMDESK_DATA` (a relative path is taken from the repository root), default `../shared/data`.
fn claimdesk_data() -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
}

fn data_dir() -> PathBuf {
    claimdesk_data().join("extraction")
}

fn tokens(text: &str) -> Vec<&str> {
    // Python's `\w+`: runs of Unicode alphanumerics and underscore (marks are rare enough to ignore).
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(text);
    let mut out = HashMap::new();
    let n = 4;
    let count = if t.len() >= n { t.len() - n + 1 } else { 1 };
    for i in 0..count {
        let end = (i + n).min(t.len());
        let Some(s) = t.get(i..end) else { continue };
        if !s.is_empty() {
            *out.entry(s.to_vec()).or_insert(0) += 1;
        }
    }
    out
}

/// (tp, fp, fn) normalised to sum 1, as in evaluate.py.
fn match_counts(truth: &str, pred: &str) -> (f64, f64, f64) {
    let ts = shingles(truth);
    let ps = shingles(pred);
    let (mut tp, mut fp, mut fnn) = (0.0, 0.0, 0.0);
    let keys: std::collections::HashSet<&Vec<&str>> = ts.keys().chain(ps.keys()).collect();
    for k in keys {
        let a = *ts.get(k).unwrap_or(&0) as f64;
        let b = *ps.get(k).unwrap_or(&0) as f64;
        tp += a.min(b);
        fp += (b - a).max(0.0);
        fnn += (a - b).max(0.0);
    }
    let s = tp + fp + fnn;
    if s > 0.0 {
        (tp / s, fp / s, fnn / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

fn precision(tp: f64, fp: f64, fnn: f64) -> f64 {
    if fp == 0.0 && fnn == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall(tp: f64, fp: f64, fnn: f64) -> f64 {
    if fp == 0.0 && fnn == 0.0 {
        1.0
    } else if tp == 0.0 && fnn == 0.0 {
        0.0
    } else {
        tp / (tp + fnn)
    }
}

struct Score {
    precision: f64,
    recall: f64,
    f1: f64,
}

fn score(counts: &[(f64, f64, f64)]) -> Score {
    let ps: Vec<f64> = counts
        .iter()
        .filter(|c| c.0 + c.1 > 0.0)
        .map(|c| precision(c.0, c.1, c.2))
        .collect();
    let rs: Vec<f64> = counts
        .iter()
        .filter(|c| c.0 + c.2 > 0.0)
        .map(|c| recall(c.0, c.1, c.2))
        .collect();
    let p = ps.iter().sum::<f64>() / ps.len().max(1) as f64;
    let r = rs.iter().sum::<f64>() / rs.len().max(1) as f64;
    Score {
        precision: p,
        recall: r,
        f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let split = arg("--split").unwrap_or_else(|| "all".into());
    let worst: usize = arg("--worst").and_then(|w| w.parse().ok()).unwrap_or(0);

    // Article-extraction benchmark.
    // `--bench DIR` runs on any directory shaped like the benchmark (ground-truth.json + html/*.html.gz), such
    // as the one scripts/sources/peers.sh builds from the Readability pages.
    let bench = arg("--bench")
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir().join("article-extraction-benchmark"));
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bench.join("ground-truth.json"))?)?;
    let truth = truth.as_object().ok_or("ground truth is not an object")?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();
    keys.retain(|k| {
        let dev = k.chars().next().is_some_and(|c| ('0'..='7').contains(&c));
        match split.as_str() {
            "dev" => dev,
            "test" => !dev,
            _ => true,
        }
    });
    let mut pages: Vec<(String, String, String, String)> = Vec::new();
    for k in &keys {
        let mut gz = flate2::read::GzDecoder::new(std::fs::File::open(
            bench.join("html").join(format!("{k}.html.gz")),
        )?);
        let mut raw = Vec::new();
        gz.read_to_end(&mut raw)?;
        // The benchmark's pages are stored as UTF-8 (its README); decode the same way a fetch would.
        let (html, _) = claimdesk_sources::decode_text(&raw, Some("utf-8"), true);
        let t = truth
            .get(*k)
            .and_then(|v| v.get("articleBody"))
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let url = truth
            .get(*k)
            .and_then(|v| v.get("url"))
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        pages.push(((*k).clone(), html, t.to_string(), url.to_string()));
    }
    let start = Instant::now();
    let mut preds: Vec<String> = Vec::new();
    for (_, html, _, url) in &pages {
        preds.push(extract_html(html, url).0.unwrap_or_default());
    }
    let secs = start.elapsed().as_secs_f64();
    let counts: Vec<(f64, f64, f64)> = pages
        .iter()
        .zip(&preds)
        .map(|(p, pred)| match_counts(&p.2, pred))
        .collect();
    let s = score(&counts);
    println!(
        "article-extraction-benchmark split={split} pages={} precision={:.3} recall={:.3} F1={:.3} time={:.2}s pages/s={:.1}",
        pages.len(), s.precision, s.recall, s.f1, secs, pages.len() as f64 / secs
    );
    if worst > 0 {
        let mut idx: Vec<usize> = (0..counts.len()).collect();
        let f = |c: &(f64, f64, f64)| {
            let (p, r) = (precision(c.0, c.1, c.2), recall(c.0, c.1, c.2));
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        };
        idx.sort_by(|a, b| {
            f(&counts[*a])
                .partial_cmp(&f(&counts[*b]))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for i in idx.into_iter().take(worst) {
            let c = counts[i];
            println!(
                "  {} P={:.2} R={:.2} {}",
                pages[i].0,
                precision(c.0, c.1, c.2),
                recall(c.0, c.1, c.2),
                pages[i].3
            );
        }
    }
    if let Some(path) = arg("--dump") {
        println!(
            "{}",
            serde_json::json!({"tool": "claimdesk", "pages": pages.len(), "seconds": secs})
        );
        let map: serde_json::Map<String, serde_json::Value> = pages
            .iter()
            .zip(&preds)
            .map(|(p, t)| (p.0.clone(), serde_json::json!({ "articleBody": t })))
            .collect();
        std::fs::write(path, serde_json::to_vec(&map)?)?;
    }

    // Readability's 25 test pages: the expected article is HTML; its text is the reference.
    let rdir = data_dir().join("readability-pages");
    let mut sites: Vec<PathBuf> = std::fs::read_dir(&rdir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").exists())
        .collect();
    sites.sort();
    let mut rcounts = Vec::new();
    let start = Instant::now();
    for site in &sites {
        let source = std::fs::read_to_string(site.join("source.html"))?;
        let expected_html = std::fs::read_to_string(site.join("expected.html"))?;
        let expected = scraper::Html::parse_fragment(&expected_html)
            .root_element()
            .text()
            .collect::<Vec<_>>()
            .join(" ");
        let pred = extract_html(&source, "http://fakehost/test/page.html")
            .0
            .unwrap_or_default();
        let c = match_counts(&expected, &pred);
        if worst > 0 {
            println!(
                "  {:<28} P={:.2} R={:.2}",
                site.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default(),
                precision(c.0, c.1, c.2),
                recall(c.0, c.1, c.2)
            );
        }
        rcounts.push(c);
    }
    let secs = start.elapsed().as_secs_f64();
    let s = score(&rcounts);
    println!(
        "readability-pages pages={} precision={:.3} recall={:.3} F1={:.3} pages/s={:.1}",
        sites.len(),
        s.precision,
        s.recall,
        s.f1,
        sites.len() as f64 / secs
    );
    Ok(())
}
