//! Speed of segmentation and of segmentation + claim scoring, in MB/s on one core, over a 5 MB English text built
//! from the ClaimBuster sentences (6 sentences per paragraph, repeated until 5,000,000 bytes), plus the latency of
//! a 10,000-word draft from pasted text to a claim list.
//!
//! `cargo run --release -p claimdesk-text --example bench [-- --write-corpus PATH]`
//!
//! `scripts/text/bench_segmenters.py` runs this next to pySBD and syntok on the same corpus.

use std::path::Path;
use std::time::Instant;

use claimdesk_text::{analyze, claims, import::import_pasted, segment};

#[derive(serde::Deserialize)]
struct Row {
    text: String,
}

fn corpus() -> String {
    // `$CLAIMDESK_DATA` (relative to the repository root), default `../shared/data`.
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("checkworthiness/claimbuster");
    let mut sentences: Vec<String> = Vec::new();
    for f in ["train.json", "test.json"] {
        let raw = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        let rows: Vec<Row> = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{f}: {e}"));
        sentences.extend(rows.into_iter().map(|r| r.text.trim().to_string()));
    }
    let paragraphs: Vec<String> = sentences.chunks(6).map(|c| c.join(" ")).collect();
    let mut out = String::with_capacity(5_100_000);
    'fill: loop {
        for p in &paragraphs {
            if out.len() + p.len() + 2 > 5_000_000 {
                break 'fill;
            }
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    out
}

/// Best of `runs` timings, in seconds.
fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        n = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, n)
}

fn main() {
    let text = corpus();
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-corpus") {
        if let Some(path) = args.get(i + 1) {
            std::fs::write(path, &text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
    if let Some(limit) = args
        .iter()
        .position(|a| a == "--slice")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
    {
        // The same slice and the same per-paragraph calls as the Python peers in scripts/text/bench_segmenters.py.
        let mut paras = Vec::new();
        let mut size = 0;
        for p in text.split("\n\n") {
            if size >= limit {
                break;
            }
            paras.push(p);
            size += p.len() + 2;
        }
        let (t, n) = best_of(3, || paras.iter().map(|p| segment(p).len()).sum());
        println!("slice:{{\"bytes\": {size}, \"seconds\": {t}, \"sentences\": {n}}}");
    }
    let mb = text.len() as f64 / 1e6;
    // Warm the lexicon and model once, as the app does at start-up.
    let _ = analyze("Warm up. The deficit fell 3% in 2019.");

    let (t_seg, n_seg) = best_of(3, || segment(&text).len());
    println!(
        "segment: {:.2} MB in {:.3} s = {:.1} MB/s ({} sentences)",
        mb,
        t_seg,
        mb / t_seg,
        n_seg
    );
    let (t_an, n_claims) = best_of(3, || claims(&analyze(&text)).count());
    println!(
        "analyze: {:.2} MB in {:.3} s = {:.1} MB/s ({} claims)",
        mb,
        t_an,
        mb / t_an,
        n_claims
    );

    // A 10,000-word draft: the first paragraphs of the corpus up to 10,000 words, pasted and analysed.
    let mut draft = String::new();
    let mut words = 0;
    for p in text.split("\n\n") {
        if words >= 10_000 {
            break;
        }
        words += p.split_whitespace().count();
        draft.push_str(p);
        draft.push_str("\n\n");
    }
    let (t_draft, n) = best_of(5, || {
        import_pasted(&draft)
            .map(|d| claims(&analyze(&d.text)).count())
            .unwrap_or(0)
    });
    println!(
        "draft: {words} words ({} bytes) import+analyze+claims in {:.1} ms ({n} claims)",
        draft.len(),
        t_draft * 1000.0
    );
}
