//! Data-driven tests over real data: the excerpts of WiCE dev and FEVER-Symmetric dev committed in `tests/data`
//! (see its README for origin and licences), and, in the `*_shared_data` tests that `make eval` runs, the full
//! data sets in `$CLAIMDESK_DATA` (a relative path is taken from the repository root; default `../shared/data`).
//!
//! Cases are built from the data deterministically (every record, fixed edit positions), not hand-picked. Full
//! evaluations live in `examples/evidence_eval.rs`.

use claimdesk_evidence::myers::{levenshtein, search, search_full};
use claimdesk_evidence::{analyze_with, check_quote, rank_spans, MatchKind, RankOptions};
use serde_json::Value;

use std::path::{Path, PathBuf};

const WICE_EXCERPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/wice/dev-excerpt.jsonl"
);
const FEVER_EXCERPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/fever-symmetric/dev-excerpt.jsonl"
);

/// A file of the full data sets: `$CLAIMDESK_DATA/<rel>`, default `../shared/data` beside the repository.
fn shared(rel: &str) -> PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join(rel)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// JSON lines; a line that does not parse is a failure.
fn jsonl(path: &Path) -> Vec<Value> {
    read(path)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

fn wice_excerpt() -> Vec<Value> {
    jsonl(Path::new(WICE_EXCERPT))
}

fn wice_dev_full() -> Vec<Value> {
    jsonl(&shared(
        "verification/wice/entailment_retrieval_claim_dev.jsonl",
    ))
}

fn sentences(v: &Value) -> Vec<String> {
    v["evidence"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn join(sents: &[String]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for s in sents {
        let start = text.len();
        text.push_str(s);
        spans.push((start, text.len()));
        text.push('\n');
    }
    (text, spans)
}

/// Changes every `every`-th ASCII letter of `s` (a deterministic misquote).
fn garble(s: &str, every: usize) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if i % every == every / 2 && c.is_ascii_alphabetic() {
                if c == 'x' {
                    'y'
                } else {
                    'x'
                }
            } else {
                c
            }
        })
        .collect()
}

/// Every record of the excerpt (25); each has a page long enough for a 100-character quote.
#[test]
fn filtered_myers_equals_full_scan_and_levenshtein_on_real_pages() {
    let checked = myers_on(&wice_excerpt(), 1);
    assert_eq!(checked, 25, "records checked");
}

/// Every 7th record of WiCE dev.
#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn filtered_myers_equals_full_scan_and_levenshtein_on_real_pages_shared_data() {
    let checked = myers_on(&wice_dev_full(), 7);
    assert!(checked > 30, "only {checked} records checked");
}

fn myers_on(rows: &[Value], step: usize) -> usize {
    let mut checked = 0;
    for (n, row) in rows.iter().enumerate().step_by(step) {
        let (text, spans) = join(&sentences(row));
        // The quote: 300 characters (or what the page has) from the middle of the page, garbled.
        let Some(&(s, _)) = spans.get(spans.len() / 2) else {
            continue;
        };
        let quote_src: String = text[s..].chars().take(300).collect();
        if quote_src.chars().count() < 100 {
            continue;
        }
        let quote = garble(&quote_src, 11 + n % 17);
        for k in [5, 20, 30] {
            let fast = search(&text, &quote, k);
            let full = search_full(&text, &quote, k);
            assert_eq!(fast, full, "record {n}, k {k}");
            for m in &fast {
                assert!(m.errors <= k);
                assert_eq!(
                    levenshtein(&text[m.start..m.end], &quote),
                    m.errors,
                    "record {n}"
                );
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn quotes_from_real_pages_are_found_exact_through_typography_and_fuzzy_through_typos() {
    let checked = quotes_on(&wice_excerpt(), 1);
    assert_eq!(checked, 25, "pages with a sentence of 80-300 bytes");
}

#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn quotes_from_real_pages_are_found_exact_through_typography_and_fuzzy_through_typos_shared_data() {
    let checked = quotes_on(&wice_dev_full(), 5);
    assert!(
        checked > 50,
        "only {checked} pages with a sentence of 80-300 bytes"
    );
}

fn quotes_on(rows: &[Value], step: usize) -> usize {
    let mut checked = 0;
    for row in rows.iter().step_by(step) {
        let sents = sentences(row);
        let (text, _) = join(&sents);
        let Some(sentence) = sents.iter().find(|s| (80..=300).contains(&s.len())) else {
            continue;
        };
        // Typography only: curly quotes, en dashes, upper case, a line break.
        let typo = sentence
            .replace('"', "\u{201C}")
            .replace('\'', "\u{2019}")
            .replace('-', "\u{2013}")
            .to_uppercase()
            .replacen(' ', "\n", 1);
        let c = check_quote(&typo, &text);
        assert_eq!(c.r#match, MatchKind::Exact, "{typo:?}");
        let found = &text[c.start.unwrap_or(0)..c.end.unwrap_or(0)];
        // The quote check trims edge punctuation an editor adds or drops ("...", a final full stop).
        let edge = |c: char| c.is_ascii_punctuation() || c.is_whitespace();
        assert_eq!(
            found.to_lowercase().trim_matches(edge),
            sentence.to_lowercase().trim_matches(edge)
        );

        // Two letters changed: fuzzy, with the source's own wording.
        let misquote = garble(sentence, sentence.chars().count() / 2);
        if misquote != *sentence {
            let c = check_quote(&misquote, &text);
            assert_ne!(c.r#match, MatchKind::NotFound, "{misquote:?}");
            assert!(c.distance.unwrap_or(99) <= 2);
        }
        checked += 1;
    }
    checked
}

/// (tuned, plain BM25, claims with a gold set): how many claims have a gold evidence set fully in the top 5.
fn gold_in_top5(rows: &[Value]) -> (usize, usize, usize) {
    let mut covered = [0usize; 2];
    let mut total = 0;
    for row in rows {
        let (text, spans) = join(&sentences(row));
        let claim = row["claim"].as_str().unwrap_or("");
        let gold: Vec<Vec<usize>> =
            serde_json::from_value(row["supporting_sentences"].clone()).unwrap_or_default();
        if gold.iter().all(Vec::is_empty) {
            continue;
        }
        total += 1;
        for (i, opts) in [RankOptions::default(), RankOptions::plain_bm25()]
            .iter()
            .enumerate()
        {
            let top: Vec<usize> = rank_spans(claim, &text, &spans, 5, opts)
                .iter()
                .filter_map(|p| spans.iter().position(|&(s, _)| s == p.start))
                .collect();
            if gold
                .iter()
                .any(|g| !g.is_empty() && g.iter().all(|i| top.contains(i)))
            {
                covered[i] += 1;
            }
        }
    }
    (covered[0], covered[1], total)
}

/// On the 25-record excerpt (23 with a gold set). Measured: tuned 18/23, plain BM25 17/23 (on all of WiCE dev
/// 208/319 vs 190/319). Too few claims to require the tuned ranking to win, so it must not lose.
#[test]
fn tuned_ranking_covers_gold_evidence_on_the_wice_excerpt() {
    let (tuned, plain, total) = gold_in_top5(&wice_excerpt());
    println!("WiCE excerpt: gold set in top 5, tuned {tuned}/{total}, plain BM25 {plain}/{total}");
    assert!(total >= 20);
    assert!(tuned >= plain, "tuned {tuned} < plain {plain} of {total}");
    assert!(
        tuned as f64 / total as f64 > 0.65,
        "tuned {tuned} of {total}"
    );
}

#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn tuned_ranking_covers_more_gold_evidence_than_plain_bm25_on_wice_dev_shared_data() {
    let (tuned, plain, total) = gold_in_top5(&wice_dev_full());
    println!("WiCE dev: gold set in top 5, tuned {tuned}/{total}, plain BM25 {plain}/{total}");
    // Dev figures at the time of writing: 0.65 tuned vs 0.60 plain (docs/EVALUATION.md).
    assert!(total > 300);
    assert!(tuned > plain, "tuned {tuned}, plain {plain} of {total}");
    assert!(tuned as f64 / total as f64 > 0.6);
}

/// Every pair of the excerpt (36).
#[test]
fn passages_and_numbers_point_into_the_source_on_fever_pairs() {
    let rows = jsonl(Path::new(FEVER_EXCERPT));
    assert!(rows.len() >= 30);
    fever_offsets(&rows);
}

/// The first 200 pairs of FEVER-Symmetric dev.
#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn passages_and_numbers_point_into_the_source_on_fever_pairs_shared_data() {
    let rows = jsonl(&shared(
        "verification/fever-symmetric/fever_symmetric_dev.jsonl",
    ));
    assert!(rows.len() >= 200);
    fever_offsets(&rows[..200]);
}

fn fever_offsets(rows: &[Value]) {
    for v in rows {
        let claim = v["claim"].as_str().unwrap_or("");
        let ev = v["evidence"].as_str().unwrap_or("");
        let report = analyze_with(claim, ev, None, &RankOptions::default());
        for p in &report.passages {
            assert_eq!(&ev[p.start..p.end], p.text);
        }
        for pair in report
            .numbers
            .matched
            .iter()
            .chain(&report.numbers.conflicting)
        {
            assert_eq!(&ev[pair.source.start..pair.source.end], pair.source.text);
            assert_eq!(&claim[pair.claim.start..pair.claim.end], pair.claim.text);
        }
        assert!((0.0..=1.0).contains(&report.suggestion.support_score));
        let json = serde_json::to_value(&report).expect("report serialises");
        assert!(json["suggestion"]["stance"].is_string());
    }
}

/// AVeriTeC is CC BY-NC, so no excerpt is committed: this runs only over the full data, in `make eval`.
#[test]
#[ignore = "full data set: run by `make eval` (needs $CLAIMDESK_DATA)"]
fn every_offset_is_a_valid_span_on_messy_real_text_from_averitec_shared_data() {
    let text = read(&shared("verification/averitec/dev.json"));
    let claims: Vec<Value> = serde_json::from_str(&text).expect("valid JSON");
    let mut quotes_checked = 0;
    for c in claims.iter().step_by(2) {
        let claim = c["claim"].as_str().unwrap_or("");
        // The source: the claim's justification and all its answers, as a fact-checker's notes.
        let mut source = c["justification"].as_str().unwrap_or("").to_string();
        for q in c["questions"].as_array().into_iter().flatten() {
            for a in q["answers"].as_array().into_iter().flatten() {
                source.push_str("\n\n");
                source.push_str(a["answer"].as_str().unwrap_or(""));
            }
        }
        let report = analyze_with(claim, &source, None, &RankOptions::default());
        for q in &report.quotes {
            quotes_checked += 1;
            if let (Some(s), Some(e)) = (q.start, q.end) {
                assert_eq!(source.get(s..e), q.source_text.as_deref());
            }
        }
        for p in &report.passages {
            assert_eq!(source.get(p.start..p.end), Some(p.text.as_str()));
        }
        for f in report
            .numbers
            .matched
            .iter()
            .chain(&report.numbers.conflicting)
        {
            assert_eq!(
                source.get(f.source.start..f.source.end),
                Some(f.source.text.as_str())
            );
        }
    }
    assert!(
        quotes_checked > 5,
        "only {quotes_checked} quotations in the claims"
    );
}
