//! Evaluation of claimdesk-evidence on the shared real data sets (see docs/EVALUATION.md).
//!
//! ```text
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- wice dev|test
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- fit           # refit stance weights on WiCE dev
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- fever dev|test
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- climate dev|test
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- averitec
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- quotes dev|test
//! cargo run --release -p claimdesk-evidence --example evidence_eval -- memory dev|test
//! ```
//! Every metric is printed for the tuned pipeline and for the plain BM25 baseline side by side.

use claimdesk_evidence::myers::levenshtein;
use claimdesk_evidence::normalize::normalize;
use claimdesk_evidence::stance::{features, support_score, SUPPORT_WEIGHTS};
use claimdesk_evidence::{
    analyze_with, check_quote, check_quote_with, quotes_of, rank_spans, MatchKind, QuoteOptions,
    RankOptions, Signals,
};
use serde_json::Value;
use std::error::Error;

type Res<T> = Result<T, Box<dyn Error>>;

/// A file under `$CLAIMDESK_DATA/verification` (a relative `CLAIMDESK_DATA` is taken from the repository root;
/// default `../shared/data`).
fn data(rel: &str) -> String {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("verification")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn jsonl(rel: &str) -> Res<Vec<Value>> {
    let text = std::fs::read_to_string(data(rel))?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push(serde_json::from_str(line)?);
    }
    Ok(out)
}

/// Joins sentences with newlines and returns the text and each sentence's byte span.
fn join(sents: &[&str]) -> (String, Vec<(usize, usize)>) {
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

/// Area under the ROC curve (Mann-Whitney U, ties count half).
fn auroc(scores: &[(f32, bool)]) -> f64 {
    let pos: Vec<f32> = scores.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f32> = scores.iter().filter(|s| !s.1).map(|s| s.0).collect();
    if pos.is_empty() || neg.is_empty() {
        return f64::NAN;
    }
    let mut wins = 0.0f64;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (pos.len() * neg.len()) as f64
}

struct WiceRow {
    id: String,
    supported: bool,
    gold: Vec<Vec<usize>>,
    claim: String,
    evidence: Vec<String>,
}

fn wice_rows(split: &str) -> Res<Vec<WiceRow>> {
    let rows = jsonl(&format!("wice/entailment_retrieval_claim_{split}.jsonl"))?;
    Ok(rows
        .iter()
        .map(|r| WiceRow {
            id: r["meta"]["id"].as_str().unwrap_or("").to_string(),
            supported: r["label"].as_str() != Some("not_supported"),
            gold: r["supporting_sentences"]
                .as_array()
                .map(|sets| {
                    sets.iter()
                        .map(|s| {
                            s.as_array()
                                .map(|a| {
                                    a.iter()
                                        .filter_map(|i| i.as_u64())
                                        .map(|i| i as usize)
                                        .collect()
                                })
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .unwrap_or_default(),
            claim: r["claim"].as_str().unwrap_or("").to_string(),
            evidence: r["evidence"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

/// Signals for one WiCE claim with the given options, plus whether a gold set is inside the top 5.
fn wice_one(row: &WiceRow, opts: &RankOptions) -> (Signals, f32, Option<bool>) {
    let sents: Vec<&str> = row.evidence.iter().map(String::as_str).collect();
    let (text, spans) = join(&sents);
    let report = analyze_with(&row.claim, &text, Some(&spans), opts);
    let top: Vec<usize> = report
        .passages
        .iter()
        .filter_map(|p| spans.iter().position(|&(s, _)| s == p.start))
        .collect();
    let covered = if row.gold.iter().any(|g| !g.is_empty()) {
        Some(
            row.gold
                .iter()
                .filter(|g| !g.is_empty())
                .any(|g| g.iter().all(|i| top.contains(i))),
        )
    } else {
        None
    };
    (
        report.signals.clone(),
        report.suggestion.support_score,
        covered,
    )
}

fn wice(split: &str) -> Res<()> {
    let rows = wice_rows(split)?;
    let subset: Vec<String> = std::fs::read_to_string(data(
        "wice/baseline_oracle_chunks_claim_test_gpt-4-0613.entailment_score.json",
    ))
    .ok()
    .and_then(|t| serde_json::from_str::<Value>(&t).ok())
    .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
    .unwrap_or_default();
    println!("WiCE {split}: {} claims", rows.len());
    for (name, opts) in [
        ("tuned", RankOptions::default()),
        ("plain BM25", RankOptions::plain_bm25()),
    ] {
        let mut hits = 0;
        let mut with_gold = 0;
        let mut scores = Vec::new();
        let mut sub_scores = Vec::new();
        let mut coverage_only = Vec::new();
        for row in &rows {
            let (sig, score, covered) = wice_one(row, &opts);
            if let Some(c) = covered {
                with_gold += 1;
                hits += usize::from(c);
            }
            // The baseline's score is its word coverage of the top passage; the tuned score is the
            // fitted support score.
            let s = if name == "tuned" {
                score
            } else {
                sig.coverage_best
            };
            scores.push((s, row.supported));
            coverage_only.push((sig.coverage_best, row.supported));
            if subset.contains(&row.id) {
                sub_scores.push((s, row.supported));
            }
        }
        if name == "tuned" {
            println!(
                "  (diagnostic) tuned ranking, coverage_best alone: AUROC {:.3}",
                auroc(&coverage_only)
            );
        }
        if split == "dev" && name == "tuned" {
            // The supports/not-enough-info cut-off of the stance step: best balanced accuracy on dev.
            let (bal, t) = (1..100)
                .map(|i| i as f32 / 100.0)
                .map(|t| {
                    let tp = scores.iter().filter(|(s, y)| *y && *s >= t).count() as f64;
                    let tn = scores.iter().filter(|(s, y)| !*y && *s < t).count() as f64;
                    let p = scores.iter().filter(|(_, y)| *y).count().max(1) as f64;
                    let n = scores.iter().filter(|(_, y)| !*y).count().max(1) as f64;
                    ((tp / p + tn / n) / 2.0, t)
                })
                .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a });
            println!("  dev: best balanced accuracy {bal:.3} at support_score >= {t:.2}");
        }
        println!(
            "  {name:11} gold set fully in top 5: {hits}/{with_gold} = {:.3}   AUROC supported-vs-not: {:.3}{}",
            hits as f64 / with_gold.max(1) as f64,
            auroc(&scores),
            if sub_scores.is_empty() {
                String::new()
            } else {
                format!("   (published 100-claim subset, n={}: {:.3})", sub_scores.len(), auroc(&sub_scores))
            }
        );
    }
    Ok(())
}

/// Refits the logistic support weights on WiCE dev (never on test).
fn fit() -> Res<()> {
    let rows = wice_rows("dev")?;
    let opts = RankOptions::default();
    let xs: Vec<([f32; 7], f32)> = rows
        .iter()
        .map(|r| {
            let (sig, _, _) = wice_one(r, &opts);
            (features(&sig), if r.supported { 1.0 } else { 0.0 })
        })
        .collect();
    let mut w = [0f32; 8];
    let lr = 0.1f32;
    let l2 = 0.01f32;
    for _ in 0..20_000 {
        let mut grad = [0f32; 8];
        for (x, y) in &xs {
            let z = w[0] + x.iter().zip(&w[1..]).map(|(a, b)| a * b).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let e = p - y;
            grad[0] += e;
            for (g, xi) in grad[1..].iter_mut().zip(x) {
                *g += e * xi;
            }
        }
        for (i, (wi, g)) in w.iter_mut().zip(&grad).enumerate() {
            let reg = if i == 0 { 0.0 } else { l2 * *wi };
            *wi -= lr * (g / xs.len() as f32 + reg);
            // Sign constraints keep the score readable: missing names, conflicts and negation
            // mismatches may only lower the support score, coverage and agreeing numbers only raise it.
            match i {
                1..=3 | 5 => *wi = wi.max(0.0),
                4 | 6 | 7 => *wi = wi.min(0.0),
                _ => {}
            }
        }
    }
    let scores: Vec<(f32, bool)> = rows
        .iter()
        .zip(&xs)
        .map(|(r, (x, _))| {
            let z = w[0] + x.iter().zip(&w[1..]).map(|(a, b)| a * b).sum::<f32>();
            (z, r.supported)
        })
        .collect();
    println!("fitted on WiCE dev (AUROC on dev {:.3}):", auroc(&scores));
    println!(
        "pub const SUPPORT_WEIGHTS: [f32; 8] = [{}];",
        w.iter()
            .map(|v| format!("{v:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// Threshold chosen on FEVER-Symmetric dev for the SUPPORTS/REFUTES decision (see `fever dev`).
const FEVER_THRESHOLD: f32 = 0.89;
const FEVER_BASELINE_THRESHOLD: f32 = 0.43;

fn fever(split: &str) -> Res<()> {
    let rows = jsonl(&format!("fever-symmetric/fever_symmetric_{split}.jsonl"))?;
    let mut tuned = Vec::new();
    let mut plain = Vec::new();
    let mut stance_correct = 0usize;
    for r in &rows {
        let claim = r["claim"].as_str().unwrap_or("");
        let ev = r["evidence"].as_str().unwrap_or("");
        let supports = r["label"].as_str() == Some("SUPPORTS");
        let spans = [(0, ev.len())];
        let rep = analyze_with(claim, ev, Some(&spans), &RankOptions::default());
        let base = analyze_with(claim, ev, Some(&spans), &RankOptions::plain_bm25());
        // The binary decision: refute on a concrete conflict, otherwise threshold the support score.
        let s = &rep.signals;
        let conflict = s.negation_mismatch || s.numbers_conflicting > 0 || s.dates_conflicting > 0;
        let score = if conflict {
            0.0
        } else {
            rep.suggestion.support_score
        };
        tuned.push((score, supports));
        plain.push((base.signals.coverage_best, supports));
        let pred_support = rep.suggestion.stance == claimdesk_evidence::SuggestedStance::Supports;
        stance_correct += usize::from(pred_support == supports);
    }
    let acc = |v: &[(f32, bool)], t: f32| {
        v.iter().filter(|(s, y)| (*s >= t) == *y).count() as f64 / v.len().max(1) as f64
    };
    println!("FEVER-Symmetric {split}: {} pairs", rows.len());
    if split == "dev" {
        let best = |v: &[(f32, bool)]| {
            (0..=100)
                .map(|i| i as f32 / 100.0)
                .map(|t| (acc(v, t), t))
                .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a })
        };
        let (a, t) = best(&tuned);
        let (ab, tb) = best(&plain);
        println!("  dev-tuned thresholds: tuned {t:.2} (acc {a:.3}), plain BM25 coverage {tb:.2} (acc {ab:.3})");
    }
    println!(
        "  tuned (threshold {FEVER_THRESHOLD}): accuracy {:.3}   AUROC {:.3}   (stance==supports as SUPPORTS: {:.3})",
        acc(&tuned, FEVER_THRESHOLD),
        auroc(&tuned),
        stance_correct as f64 / rows.len().max(1) as f64
    );
    println!(
        "  plain BM25 coverage (threshold {FEVER_BASELINE_THRESHOLD}): accuracy {:.3}   AUROC {:.3}",
        acc(&plain, FEVER_BASELINE_THRESHOLD),
        auroc(&plain)
    );
    Ok(())
}

/// Grid search of the ranking options on the dev splits (WiCE top-5 coverage + Climate-FEVER MAP).
fn tune() -> Res<()> {
    let wice = wice_rows("dev")?;
    let climate_rows = jsonl("climate-fever/climate-fever.jsonl")?;
    let climate_dev: Vec<&Value> = climate_rows.iter().take(1000).collect();
    let mut best: Vec<(f64, f64, f64, String)> = Vec::new();
    for k1 in [0.9f32, 1.2, 1.6] {
        for b in [0.4f32, 0.75, 0.9] {
            for ew in [0.0f32, 0.2, 0.4] {
                for nw in [0.0f32, 0.3] {
                    for bw in [0.0f32, 0.2, 0.4] {
                        let opts = RankOptions {
                            k1,
                            b,
                            entity_weight: ew,
                            number_weight: nw,
                            bigram_weight: bw,
                            ..RankOptions::default()
                        };
                        let (mut hits, mut n) = (0usize, 0usize);
                        for row in &wice {
                            if let (_, _, Some(c)) = wice_one(row, &opts) {
                                hits += usize::from(c);
                                n += 1;
                            }
                        }
                        let cov = hits as f64 / n.max(1) as f64;
                        let (map, _, _) = climate_metrics(&climate_dev, &opts);
                        best.push((cov + map, cov, map, format!("{opts:?}")));
                    }
                }
            }
        }
    }
    best.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, cov, map, o) in best.iter().take(8) {
        println!("wice-dev top5 {cov:.3}  climate-dev MAP {map:.3}  {o}");
    }
    Ok(())
}

/// MAP, P@1 and the number of evaluable claims for Climate-FEVER evidence ranking.
fn climate_metrics(rows: &[&Value], opts: &RankOptions) -> (f64, f64, usize) {
    let (mut ap_sum, mut p1_sum, mut n) = (0.0, 0.0, 0usize);
    for r in rows {
        let claim = r["claim"].as_str().unwrap_or("");
        let evs = r["evidences"].as_array().cloned().unwrap_or_default();
        let sents: Vec<&str> = evs
            .iter()
            .map(|e| e["evidence"].as_str().unwrap_or(""))
            .collect();
        let rel: Vec<bool> = evs
            .iter()
            .map(|e| e["evidence_label"].as_str() != Some("NOT_ENOUGH_INFO"))
            .collect();
        let nrel = rel.iter().filter(|r| **r).count();
        if nrel == 0 || nrel == rel.len() {
            continue;
        }
        let (text, spans) = join(&sents);
        let ranked = rank_spans(claim, &text, &spans, spans.len(), opts);
        let mut order: Vec<usize> = ranked
            .iter()
            .filter_map(|p| spans.iter().position(|&(s, _)| s == p.start))
            .collect();
        for i in 0..spans.len() {
            if !order.contains(&i) {
                order.push(i);
            }
        }
        let mut found = 0.0;
        let mut ap = 0.0;
        for (rank, &i) in order.iter().enumerate() {
            if rel.get(i).copied().unwrap_or(false) {
                found += 1.0;
                ap += found / (rank + 1) as f64;
            }
        }
        ap_sum += ap / nrel as f64;
        p1_sum += f64::from(u8::from(
            order
                .first()
                .is_some_and(|&i| rel.get(i).copied().unwrap_or(false)),
        ));
        n += 1;
    }
    (ap_sum / n.max(1) as f64, p1_sum / n.max(1) as f64, n)
}

fn climate(split: &str) -> Res<()> {
    let rows = jsonl("climate-fever/climate-fever.jsonl")?;
    let rows: Vec<&Value> = if split == "dev" {
        rows.iter().take(1000).collect()
    } else {
        rows.iter().skip(1000).collect()
    };
    println!(
        "Climate-FEVER {split}: {} claims (relevant = evidence labelled SUPPORTS or REFUTES)",
        rows.len()
    );
    let mut random_ap = 0.0;
    let mut random_p1 = 0.0;
    let mut n_eval = 0usize;
    let mut results: Vec<(&str, f64, f64)> = Vec::new();
    for (name, opts) in [
        ("tuned", RankOptions::default()),
        ("plain BM25", RankOptions::plain_bm25()),
    ] {
        let (mut ap_sum, mut p1_sum, mut n) = (0.0, 0.0, 0usize);
        for r in &rows {
            let claim = r["claim"].as_str().unwrap_or("");
            let evs = r["evidences"].as_array().cloned().unwrap_or_default();
            let sents: Vec<&str> = evs
                .iter()
                .map(|e| e["evidence"].as_str().unwrap_or(""))
                .collect();
            let rel: Vec<bool> = evs
                .iter()
                .map(|e| e["evidence_label"].as_str() != Some("NOT_ENOUGH_INFO"))
                .collect();
            let nrel = rel.iter().filter(|r| **r).count();
            if nrel == 0 || nrel == rel.len() {
                continue; // every order is equally good
            }
            let (text, spans) = join(&sents);
            let ranked = rank_spans(claim, &text, &spans, spans.len(), &opts);
            let mut order: Vec<usize> = ranked
                .iter()
                .filter_map(|p| spans.iter().position(|&(s, _)| s == p.start))
                .collect();
            // Unscored sentences (no shared word) go last in source order.
            for i in 0..spans.len() {
                if !order.contains(&i) {
                    order.push(i);
                }
            }
            let mut found = 0.0;
            let mut ap = 0.0;
            for (rank, &i) in order.iter().enumerate() {
                if rel.get(i).copied().unwrap_or(false) {
                    found += 1.0;
                    ap += found / (rank + 1) as f64;
                }
            }
            ap_sum += ap / nrel as f64;
            p1_sum += f64::from(u8::from(
                order
                    .first()
                    .is_some_and(|&i| rel.get(i).copied().unwrap_or(false)),
            ));
            n += 1;
            if name == "tuned" {
                // Expected AP and P@1 of a random order, computed exactly by enumerating all 120 orders.
                let (rap, rp1) = random_expectation(&rel);
                random_ap += rap;
                random_p1 += rp1;
            }
        }
        n_eval = n;
        results.push((name, ap_sum / n.max(1) as f64, p1_sum / n.max(1) as f64));
    }
    println!("  claims with both relevant and irrelevant candidates: {n_eval}");
    for (name, map, p1) in results {
        println!("  {name:11} MAP {map:.3}   P@1 {p1:.3}");
    }
    println!(
        "  random order MAP {:.3}   P@1 {:.3}",
        random_ap / n_eval.max(1) as f64,
        random_p1 / n_eval.max(1) as f64
    );
    Ok(())
}

fn random_expectation(rel: &[bool]) -> (f64, f64) {
    fn perms(items: Vec<usize>) -> Vec<Vec<usize>> {
        if items.len() <= 1 {
            return vec![items];
        }
        let mut out = Vec::new();
        for i in 0..items.len() {
            let mut rest = items.clone();
            let x = rest.remove(i);
            for mut p in perms(rest) {
                p.insert(0, x);
                out.push(p);
            }
        }
        out
    }
    let nrel = rel.iter().filter(|r| **r).count() as f64;
    let all = perms((0..rel.len()).collect());
    let (mut ap_sum, mut p1) = (0.0, 0.0);
    for order in &all {
        let mut found = 0.0;
        let mut ap = 0.0;
        for (rank, &i) in order.iter().enumerate() {
            if rel[i] {
                found += 1.0;
                ap += found / (rank + 1) as f64;
            }
        }
        ap_sum += ap / nrel;
        p1 += f64::from(u8::from(rel[order[0]]));
    }
    (ap_sum / all.len() as f64, p1 / all.len() as f64)
}

fn averitec() -> Res<()> {
    let text = std::fs::read_to_string(data("averitec/dev.json"))?;
    let claims: Vec<Value> = serde_json::from_str(&text)?;
    let mut a = [0usize; 3];
    let mut b = [0usize; 3];
    let idx = |m: MatchKind| match m {
        MatchKind::Exact => 0,
        MatchKind::Fuzzy => 1,
        // The lexical check never answers `translated` (that needs embeddings).
        MatchKind::NotFound | MatchKind::Translated => 2,
    };
    for c in &claims {
        let justification = c["justification"].as_str().unwrap_or("");
        let mut answers = String::new();
        let mut extractive = Vec::new();
        for q in c["questions"].as_array().into_iter().flatten() {
            for ans in q["answers"].as_array().into_iter().flatten() {
                let t = ans["answer"].as_str().unwrap_or("");
                answers.push_str(t);
                answers.push('\n');
                if ans["answer_type"].as_str() == Some("Extractive") {
                    extractive.push(t.to_string());
                }
            }
        }
        // A: each extractive answer, as a quotation, in its claim's justification.
        let just = normalize(justification);
        for e in &extractive {
            a[idx(check_quote_with(e, &just, &QuoteOptions::default()).r#match)] += 1;
        }
        // B: each quotation the justification makes, in the claim's answer text.
        let ans_norm = normalize(&answers);
        for q in quotes_of(justification) {
            b[idx(check_quote_with(&q, &ans_norm, &QuoteOptions::default()).r#match)] += 1;
        }
    }
    println!("AVeriTeC dev ({} claims)", claims.len());
    println!(
        "  A. extractive answers found in their claim's justification: exact {} + fuzzy {} of {} (not found {})",
        a[0], a[1], a[0] + a[1] + a[2], a[2]
    );
    println!(
        "  B. quotations in justifications found in the claim's answers: exact {} + fuzzy {} of {} (not found {})",
        b[0], b[1], b[0] + b[1] + b[2], b[2]
    );
    Ok(())
}

/// A small deterministic generator, so the variation set is the same on every run and machine.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Typographic variants that must still count as verbatim.
fn typographic(s: &str, rng: &mut Lcg) -> String {
    let mut out = String::new();
    let mut open = true;
    for c in s.chars() {
        match c {
            '"' => {
                out.push(if open { '\u{201C}' } else { '\u{201D}' });
                open = !open;
            }
            '\'' => out.push('\u{2019}'),
            '-' => out.push('\u{2013}'),
            ' ' if rng.below(8) == 0 => out.push_str(" \n "),
            c => out.push(c),
        }
    }
    if rng.below(2) == 0 {
        out.to_uppercase()
    } else {
        out
    }
}

/// Small wording changes: drop a word, change an inflection, or make a typo.
fn reworded(s: &str, rng: &mut Lcg) -> String {
    let mut words: Vec<String> = s.split(' ').map(str::to_string).collect();
    let n = words.len();
    match rng.below(3) {
        0 if n > 6 => {
            words.remove(1 + rng.below(n - 2));
        }
        1 => {
            let i = rng.below(n);
            let w = &mut words[i];
            if w.ends_with('s') {
                w.pop();
            } else {
                w.push('s');
            }
        }
        _ => {
            let i = rng.below(n);
            let w = &mut words[i];
            if w.chars().count() > 3 {
                let cs: Vec<char> = w.chars().collect();
                let mut t: Vec<char> = cs.clone();
                t.swap(1, 2);
                *w = t.into_iter().collect();
            } else {
                w.push('x');
            }
        }
    }
    words.join(" ")
}

/// A quote-check case: the quote, the source it is checked in, where it should be found (`None` for an
/// absent quote) and the kind of variation.
type Case = (String, usize, Option<(usize, usize)>, &'static str);

fn quotes(split: &str) -> Res<()> {
    let rows = wice_rows(split)?;
    let mut rng = Lcg(0x5eed);
    // Cases: (quote, source index, expected span in the source or None, expected kind).
    let sources: Vec<(String, Vec<(usize, usize)>)> = rows
        .iter()
        .map(|r| join(&r.evidence.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let mut cases: Vec<Case> = Vec::new();
    // The verbatim text each positive case stands for (the sentence or the fragment).
    let mut originals: Vec<String> = Vec::new();
    for (i, (text, spans)) in sources.iter().enumerate() {
        // The real quote: the longest sentence of 60..300 bytes (a deterministic choice, not a hand pick).
        let Some(&(s, e)) = spans
            .iter()
            .filter(|(s, e)| (60..=300).contains(&(e - s)))
            .max_by_key(|(s, e)| e - s)
        else {
            continue;
        };
        let q = &text[s..e];
        cases.push((q.to_string(), i, Some((s, e)), "verbatim"));
        cases.push((typographic(q, &mut rng), i, Some((s, e)), "typographic"));
        cases.push((reworded(q, &mut rng), i, Some((s, e)), "reworded"));
        originals.extend([q.to_string(), q.to_string(), q.to_string()]);
        // Short fragments (five words) are where fuzzy search can match by chance.
        let frag = |t: &str, rng: &mut Lcg| {
            let w: Vec<&str> = t.split(' ').collect();
            let at = rng.below(w.len().saturating_sub(5).max(1));
            w.iter()
                .skip(at)
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let short = frag(q, &mut rng);
        cases.push((short.clone(), i, Some((s, e)), "short verbatim"));
        cases.push((
            reworded(&short, &mut rng),
            i,
            Some((s, e)),
            "short reworded",
        ));
        originals.extend([short.clone(), short.clone()]);
        // A real sentence from another record's page: absent unless the page happens to contain it.
        let j = (i + 1 + rng.below(sources.len().saturating_sub(1))) % sources.len().max(1);
        if let Some(&(s2, e2)) = sources[j]
            .1
            .iter()
            .filter(|(s, e)| (60..=300).contains(&(e - s)))
            .max_by_key(|(s, e)| e - s)
        {
            let other = &sources[j].0[s2..e2];
            if !normalize(text).text.contains(&normalize(other).text) {
                cases.push((other.to_string(), i, None, "absent"));
                originals.push(String::new());
            }
            let short_other = frag(other, &mut rng);
            if !normalize(text).text.contains(&normalize(&short_other).text) {
                cases.push((short_other, i, None, "short absent"));
                originals.push(String::new());
            }
        }
    }
    println!(
        "Quote variation set from WiCE {split}: {} cases",
        cases.len()
    );
    let mut per_kind: std::collections::BTreeMap<&str, (usize, usize, usize)> = Default::default();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut exact_typo = (0usize, 0usize);
    let normalized: Vec<_> = sources.iter().map(|(t, _)| normalize(t)).collect();
    for ((q, i, want, kind), original) in cases.iter().zip(&originals) {
        let c = check_quote_with(q, &normalized[*i], &QuoteOptions::default());
        let got = c.start.zip(c.end);
        let entry = per_kind.entry(kind).or_default();
        entry.0 += 1;
        // Right place: overlapping the expected sentence, or an identical copy of it elsewhere on the page.
        let same_text = |_: (usize, usize), (gs, ge): (usize, usize)| {
            let want = normalize(original).text;
            levenshtein(&want, &normalize(&sources[*i].0[gs..ge]).text) * 5 <= want.len()
        };
        if std::env::var_os("EVAL_VERBOSE").is_some()
            && want.is_some()
            && got.is_none_or(|g| !same_text(want.unwrap_or((0, 0)), g))
        {
            eprintln!("MISS {kind}: {q:?} -> {:?}", c.source_text);
        }
        match (want, got) {
            (Some((ws, we)), Some((gs, ge)))
                if (gs < *we && *ws < ge) || same_text((*ws, *we), (gs, ge)) =>
            {
                tp += 1;
                entry.1 += 1;
            }
            (Some(_), Some(_)) => {
                fp += 1;
                fneg += 1;
            }
            (Some(_), None) => fneg += 1,
            (None, Some(_)) => {
                fp += 1;
                entry.2 += 1;
            }
            (None, None) => entry.1 += 1,
        }
        if *kind == "typographic" {
            exact_typo.0 += 1;
            exact_typo.1 += usize::from(c.r#match == MatchKind::Exact);
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    println!("  precision {p:.3}  recall {r:.3}  (found at the right place = true positive)");
    for (k, (n, ok, wrong)) in &per_kind {
        println!(
            "  {k:12} {ok}/{n} correct{}",
            if *wrong > 0 {
                format!(", {wrong} false hits")
            } else {
                String::new()
            }
        );
    }
    println!(
        "  typographic variants reported as exact (not fuzzy): {}/{}",
        exact_typo.1, exact_typo.0
    );
    // Baseline: exact search only, without normalisation (what a plain Ctrl-F finds).
    let plain_found = cases
        .iter()
        .filter(|(q, i, want, _)| want.is_some() && sources[*i].0.contains(q.as_str()))
        .count();
    let positives = cases.iter().filter(|c| c.2.is_some()).count();
    println!(
        "  baseline exact substring search (no normalisation): recall {:.3}, precision 1.000",
        plain_found as f64 / positives.max(1) as f64
    );
    let _ = check_quote;
    Ok(())
}

/// Claim memory: FEVER-Symmetric rewrites each claim into a sibling that differs in a word or two (often
/// flipping its meaning). A sibling is exactly the "same claim in another draft" the memory must surface;
/// any other claim above the threshold is a false alarm.
fn memory(split: &str) -> Res<()> {
    use claimdesk_evidence::ClaimMemory;
    let rows = jsonl(&format!("fever-symmetric/fever_symmetric_{split}.jsonl"))?;
    let mut claims: Vec<(String, String)> = Vec::new(); // (base id, text), distinct texts
    for r in &rows {
        let id = r["id"].as_str().unwrap_or("");
        let base = if id.len() > 7 && id[id.len() - 7..id.len() - 1] == *"000000" {
            &id[..id.len() - 7]
        } else {
            id
        };
        let text = r["claim"].as_str().unwrap_or("").to_string();
        if !claims.iter().any(|(_, t)| *t == text) {
            claims.push((base.to_string(), text));
        }
    }
    let mut mem = ClaimMemory::new();
    for (i, (_, t)) in claims.iter().enumerate() {
        mem.add(&i.to_string(), t);
    }
    println!(
        "Claim memory on FEVER-Symmetric {split}: {} distinct claims",
        claims.len()
    );
    // Baseline: the plain BM25 top hit (other than the claim itself), shown without any threshold.
    let (mut bm25_top, mut with_sib) = (0usize, 0usize);
    for (i, (base, text)) in claims.iter().enumerate() {
        let has_sib = claims
            .iter()
            .enumerate()
            .any(|(j, (b, _))| j != i && b == base);
        if !has_sib {
            continue;
        }
        with_sib += 1;
        let top = mem
            .search(text, 2)
            .into_iter()
            .find(|h| h.id != i.to_string());
        if let Some(j) = top.and_then(|h| h.id.parse::<usize>().ok()) {
            bm25_top += usize::from(claims.get(j).is_some_and(|(b, _)| b == base));
        }
    }
    println!(
        "  plain BM25 top hit is a sibling: {bm25_top}/{with_sib} ({:.3}); it always shows one claim",
        bm25_top as f64 / with_sib.max(1) as f64
    );
    for threshold in [0.3f32, 0.4, 0.5, 0.6, 0.7, 0.8] {
        let (mut with_sibling, mut found, mut false_alarms, mut top1) = (0, 0, 0, 0);
        for (i, (base, text)) in claims.iter().enumerate() {
            let siblings: Vec<usize> = claims
                .iter()
                .enumerate()
                .filter(|(j, (b, _))| *j != i && b == base)
                .map(|(j, _)| j)
                .collect();
            let hits = mem.similar(text, 5, threshold, Some(&i.to_string()));
            let is_sib = |id: &str| id.parse::<usize>().is_ok_and(|j| siblings.contains(&j));
            if !siblings.is_empty() {
                with_sibling += 1;
                found += usize::from(hits.iter().any(|h| is_sib(&h.id)));
                top1 += usize::from(hits.first().is_some_and(|h| is_sib(&h.id)));
            }
            false_alarms += hits.iter().filter(|h| !is_sib(&h.id)).count();
        }
        println!(
            "  threshold {threshold:.2}: sibling shown {found}/{with_sibling} ({:.3}), sibling first {top1}, unrelated claims shown {false_alarms} ({:.3} per claim)",
            found as f64 / with_sibling.max(1) as f64,
            false_alarms as f64 / claims.len().max(1) as f64
        );
    }
    Ok(())
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.get(1).map_or("dev", String::as_str);
    if split != "dev" && split != "test" {
        return Err(format!("unknown split {split}: use dev or test").into());
    }
    match args.first().map(String::as_str) {
        Some("wice") => wice(split),
        Some("fit") => fit(),
        Some("tune") => tune(),
        Some("fever") => fever(split),
        Some("climate") => climate(split),
        Some("averitec") => averitec(),
        Some("quotes") => quotes(split),
        Some("memory") => memory(split),
        _ => Err(
            "usage: evidence_eval wice|fit|tune|fever|climate|averitec|quotes|memory [dev|test]"
                .into(),
        ),
    }
    .map(|()| {
        let _ = (support_score, SUPPORT_WEIGHTS);
    })
}
