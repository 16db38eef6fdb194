//! Re-anchoring quality on real edit sequences: every article of the extraction benchmark, three random revisions
//! each (10% rewordings, 5% deletions, 5% moves, 5% insertions per revision), every claim checked against the truth.
//!
//! `cargo run --release -p claimdesk-store --example eval_reanchor [-- SEED]`

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use claimdesk_store::Store;
use support::edits::{benchmark_articles, run_sequence, Rng, Tally, Truth};
use support::sentences;

fn main() {
    let seed: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let texts = benchmark_articles();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open");
    let mut tally = Tally::default();
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    for (i, text) in texts.iter().enumerate() {
        // New sentences come from the next article, so they are real prose that is not already in the draft.
        let donor: Vec<String> = sentences(&texts[(i + 1) % texts.len()])
            .into_iter()
            .map(|c| c.text)
            .collect();
        run_sequence(&store, text, &donor, 3, &mut rng, &mut tally);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "articles: {}, revisions: {}, seed {seed}, {secs:.1} s",
        texts.len(),
        tally.revisions
    );
    println!("| truth \\ outcome | kept | moved | stale | orphan | misplaced | total |");
    println!("|---|---|---|---|---|---|---|");
    for truth in [
        Truth::Unchanged,
        Truth::Moved,
        Truth::Reworded,
        Truth::Deleted,
    ] {
        let row: Vec<usize> = ["kept", "moved", "stale", "orphan", "misplaced"]
            .iter()
            .map(|o| tally.cells.get(&(truth, *o)).copied().unwrap_or(0))
            .collect();
        let total: usize = row.iter().sum();
        println!(
            "| {truth:?} | {} | {} | {} | {} | {} | {total} |",
            row[0], row[1], row[2], row[3], row[4]
        );
    }
    println!(
        "correct: {} / {} = {:.4}",
        tally.correct(),
        tally.total(),
        tally.correct() as f64 / tally.total().max(1) as f64
    );
    println!(
        "new sentences: {}, created as new claims: {}, spurious new claims: {}, claims lost: {}, revisions skipped for segmentation drift: {}",
        tally.new_sentences, tally.created_right, tally.created_spurious, tally.claims_lost, tally.segmentation_drift
    );
}
