//! Store benchmark: a workspace of 100,000 claims in 1,000 documents.
//!
//! `cargo run --release -p claimdesk-store --example bench [-- DOCS CLAIMS_PER_DOC]`
//!
//! Phase 1 (this process) builds the workspace with one transaction + flush per document (batch import), then times
//! single actions with a flush each. Phase 2 runs in a fresh process (this binary with `--read DIR`) so that its peak
//! RSS and open time are those of an app opening an existing workspace: open, then list documents' claims filtered
//! by status.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use claimdesk_store::*;
use support::edits::{benchmark_articles, Rng};
use support::sentences;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn read_phase(dir: &Path, label: &str) {
    let t = Instant::now();
    let store = Store::open(dir).expect("open");
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let docs = store.documents().expect("documents");
    let docs_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut rng = Rng::new(9);
    let (mut filtered, mut full) = (Vec::new(), Vec::new());
    let mut found = 0;
    for _ in 0..500 {
        let d = docs[rng.below(docs.len())].id;
        let t = Instant::now();
        found += store
            .claims_with_status(d, Status::Disputed)
            .expect("list")
            .len();
        filtered.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        found += store.claims(d).expect("list").len();
        full.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("| **{label}** | |");
    println!("| open workspace (fresh process) | {open_ms:.1} ms |");
    println!("| list all {} documents | {docs_ms:.1} ms |", docs.len());
    println!(
        "| list one document's disputed claims (500 random docs) | median {:.3} ms, p95 {:.3} ms, max {:.3} ms |",
        percentile(&mut filtered, 0.5),
        percentile(&mut filtered, 0.95),
        percentile(&mut filtered, 1.0)
    );
    println!(
        "| list one document's claims, all statuses | median {:.3} ms, p95 {:.3} ms |",
        percentile(&mut full, 0.5),
        percentile(&mut full, 0.95)
    );
    println!(
        "| peak RSS, open + 1,000 listings (fresh process) | {:.1} MiB |",
        peak_rss_mib()
    );
    assert!(found > 0);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--read") {
        read_phase(
            Path::new(&args[2]),
            args.get(3).map_or("open", String::as_str),
        );
        return;
    }
    let n_docs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let per_doc: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    // Real prose: the extraction benchmark's article sentences, cycled.
    // Only sentences that end in . ! or ? and segment as one, so a draft of N of them gives exactly N claims.
    let pool: Vec<String> = benchmark_articles()
        .iter()
        .flat_map(|a| sentences(a))
        .map(|c| c.text)
        .filter(|t| t.ends_with(['.', '!', '?']) && sentences(t).len() == 1)
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("ws");
    let store = Store::open(&dir).expect("open");

    let t = Instant::now();
    let mut at = 0;
    let mut total_claims = 0;
    for d in 0..n_docs {
        let text = (0..per_doc)
            .map(|i| pool[(at + i) % pool.len()].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        at += per_doc;
        let new = support::doc(&format!("draft {d}"), &text);
        total_claims += new.claims.len();
        store.create_document(new, "bench").expect("create");
    }
    let batch_s = t.elapsed().as_secs_f64();

    // Single actions, each its own transaction and flush: citations, then verdicts.
    let mut rng = Rng::new(3);
    let n_actions = 2000;
    let picks: Vec<Id> = (0..n_actions)
        .map(|_| 1 + rng.below(total_claims) as Id)
        .collect();
    let t = Instant::now();
    for (i, &c) in picks.iter().enumerate() {
        let stance = if i % 2 == 0 {
            Stance::Contradicts
        } else {
            Stance::Supports
        };
        let new = NewCitation {
            url: format!("https://src.test/{i}"),
            stance,
            snapshot: None,
            passage: None,
            note: String::new(),
        };
        store.add_citation(c, new, "bench").expect("cite");
    }
    let cite_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for (i, &c) in picks.iter().enumerate() {
        let status = if i % 2 == 0 {
            Status::Disputed
        } else {
            Status::Verified
        };
        store.set_status(c, status, None, "bench").expect("status");
    }
    let status_s = t.elapsed().as_secs_f64();
    let build_rss = peak_rss_mib();
    drop(store);

    println!("workspace: {n_docs} documents, {total_claims} claims (about {per_doc} sentences each), on disk {:.0} MiB", dir_size(&dir) as f64 / 1048576.0);
    println!("| measure | figure |");
    println!("|---|---|");
    println!(
        "| batch import (one transaction + flush per {per_doc}-claim document) | {:.0} documents/s = {:.0} claims/s |",
        n_docs as f64 / batch_s,
        total_claims as f64 / batch_s
    );
    println!(
        "| add_citation, flush per action | {:.0} actions/s ({:.2} ms each) |",
        n_actions as f64 / cite_s,
        cite_s * 1e3 / n_actions as f64
    );
    println!(
        "| set_status, flush per action | {:.0} actions/s ({:.2} ms each) |",
        n_actions as f64 / status_s,
        status_s * 1e3 / n_actions as f64
    );
    println!("| peak RSS while building | {build_rss:.1} MiB |");
    // sled 0.34 writes its page-table snapshot during recovery, so the first open after a session replays that
    // session's log; later opens start from the snapshot. Both are measured, each in a fresh process.
    for label in [
        "first open after building (replays the build's log)",
        "next open (steady state)",
    ] {
        let out = std::process::Command::new(std::env::current_exe().expect("exe"))
            .arg("--read")
            .arg(&dir)
            .arg(label)
            .output()
            .expect("read phase");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }
}
