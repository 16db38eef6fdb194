//! Meaning-aware evidence on the shared data sets, the lexical pipeline beside it on the same rows
//! (docs/EVALUATION.md, "Meaning-aware evidence").
//!
//! ```text
//! cargo run --release -p claimdesk-embed --example semantic_eval -- wice dev|test [CLAIMS] [POOL]
//! cargo run --release -p claimdesk-embed --example semantic_eval -- fever dev|test
//! cargo run --release -p claimdesk-embed --example semantic_eval -- fit [CLAIMS] [POOL]   # WiCE dev + FEVER dev
//! cargo run --release -p claimdesk-embed --example semantic_eval -- climate        # Climate-FEVER test MAP
//! cargo run --release -p claimdesk-embed --example semantic_eval -- speed
//! ```
//! WiCE sources are long (126 sentences on average): on this 2-core machine only the first `CLAIMS` claims of a
//! split are run (default 100), and only the `POOL` (default 10) lexically best sentences of each source are
//! embedded and re-ranked by the hybrid score (the others keep their lexical score). Embeddings are cached in
//! `target/semantic-eval-cache.bin` so a second run only ranks.

use claimdesk_embed::{Encoder, Role};
use claimdesk_evidence::semantic::{analyze_hybrid, Embeddings, HybridOptions};
use claimdesk_evidence::stance::{support_score, SUPPORT_WEIGHTS};
use claimdesk_evidence::{analyze_with, rank_spans, RankOptions, SuggestedStance};
use serde_json::Value;
use std::collections::HashMap;
use std::error::Error;
use std::io::Write;
use std::time::Instant;

type Res<T> = Result<T, Box<dyn Error>>;

fn data(rel: &str) -> std::path::PathBuf {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("verification")
        .join(rel)
}

fn jsonl(rel: &str) -> Res<Vec<Value>> {
    let text = std::fs::read_to_string(data(rel))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Ok(serde_json::from_str(l)?))
        .collect()
}

/// Embeddings by (role, text), persisted between runs.
struct Cache {
    enc: Encoder,
    map: HashMap<(bool, String), Vec<f32>>,
    file: std::fs::File,
}

impl Cache {
    fn open(enc: Encoder) -> Res<Cache> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/semantic-eval-cache.bin");
        let mut map = HashMap::new();
        if let Ok(bytes) = std::fs::read(&path) {
            let mut i = 0;
            while i + 5 <= bytes.len() {
                let q = bytes[i] == 1;
                let n = u32::from_le_bytes(bytes[i + 1..i + 5].try_into()?) as usize;
                let end = i + 5 + n + 384 * 4;
                if end > bytes.len() {
                    break;
                }
                let text = String::from_utf8_lossy(&bytes[i + 5..i + 5 + n]).into_owned();
                let v = bytes[i + 5 + n..end]
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                map.insert((q, text), v);
                i = end;
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok(Cache { enc, map, file })
    }

    /// Embeds what is not cached yet, in one batch.
    fn fill(&mut self, texts: &[&str], role: Role) -> Res<()> {
        let q = role == Role::Query;
        let mut todo: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !self.map.contains_key(&(q, t.to_string())))
            .collect();
        todo.sort_unstable();
        todo.dedup();
        if todo.is_empty() {
            return Ok(());
        }
        let vs = self.enc.embed(&todo, role);
        for (t, v) in todo.iter().zip(vs) {
            let mut rec = vec![u8::from(q)];
            rec.extend_from_slice(&(t.len() as u32).to_le_bytes());
            rec.extend_from_slice(t.as_bytes());
            for x in &v {
                rec.extend_from_slice(&x.to_le_bytes());
            }
            self.file.write_all(&rec)?;
            self.map.insert((q, t.to_string()), v);
        }
        Ok(())
    }

    fn get(&self, text: &str, role: Role) -> Vec<f32> {
        self.map
            .get(&(role == Role::Query, text.to_string()))
            .cloned()
            .unwrap_or_default()
    }
}

fn auroc(scores: &[(f32, bool)]) -> f64 {
    let pos: Vec<f32> = scores.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f32> = scores.iter().filter(|s| !s.1).map(|s| s.0).collect();
    let mut wins = 0.0;
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
    wins / (pos.len() * neg.len()).max(1) as f64
}

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

/// One claim's outcome: (lexical support score, hybrid support score, best similarity, lexical gold-in-top-5,
/// hybrid gold-in-top-5, supported).
struct Row {
    lex_score: f32,
    lex_p_hybrid: f32,
    hyb_score: f32,
    sim: f32,
    lex_hit: Option<bool>,
    hyb_hit: Option<bool>,
    supported: bool,
}

fn wice_run(
    cache: &mut Cache,
    split: &str,
    claims: usize,
    pool: usize,
    h: &HybridOptions,
) -> Res<Vec<Row>> {
    let rows = jsonl(&format!("wice/entailment_retrieval_claim_{split}.jsonl"))?;
    let opts = RankOptions::default();
    let mut out = Vec::new();
    let t0 = Instant::now();
    for (n, r) in rows.iter().take(claims).enumerate() {
        let claim = r["claim"].as_str().unwrap_or("");
        let sents: Vec<&str> = r["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let gold: Vec<Vec<usize>> = r["supporting_sentences"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| {
                g.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64)
                    .map(|i| i as usize)
                    .collect()
            })
            .filter(|g: &Vec<usize>| !g.is_empty())
            .collect();
        let supported = r["label"].as_str() != Some("not_supported");
        let (text, spans) = join(&sents);
        let lexical = analyze_with(claim, &text, Some(&spans), &opts);
        let pool_spans: Vec<(usize, usize)> = rank_spans(claim, &text, &spans, pool, &opts)
            .iter()
            .map(|p| (p.start, p.end))
            .collect();
        let pool_texts: Vec<&str> = pool_spans
            .iter()
            .filter_map(|&(s, e)| text.get(s..e))
            .collect();
        cache.fill(&[claim], Role::Query)?;
        cache.fill(&pool_texts, Role::Passage)?;
        let cv = cache.get(claim, Role::Query);
        let vectors: Vec<Vec<f32>> = spans
            .iter()
            .map(|sp| {
                if pool_spans.contains(sp) {
                    cache.get(&text[sp.0..sp.1], Role::Passage)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let emb = Embeddings {
            claim: &cv,
            spans: &spans,
            vectors: &vectors,
            quotes: &[],
        };
        let hybrid = analyze_hybrid(claim, &text, &emb, &opts, h);
        let hit = |ps: &[claimdesk_evidence::Passage]| {
            let top: Vec<usize> = ps
                .iter()
                .filter_map(|p| spans.iter().position(|&(s, _)| s == p.start))
                .collect();
            (!gold.is_empty()).then(|| gold.iter().any(|g| g.iter().all(|i| top.contains(i))))
        };
        out.push(Row {
            lex_score: lexical.suggestion.support_score,
            lex_p_hybrid: support_score(&hybrid.signals, &SUPPORT_WEIGHTS),
            hyb_score: hybrid.suggestion.support_score,
            sim: hybrid.signals.similarity_best.unwrap_or(0.0),
            lex_hit: hit(&lexical.passages),
            hyb_hit: hit(&hybrid.passages),
            supported,
        });
        if (n + 1) % 25 == 0 {
            eprintln!("  {} claims, {:.0} s", n + 1, t0.elapsed().as_secs_f64());
        }
    }
    Ok(out)
}

fn report_wice(split: &str, rows: &[Row], claims: usize, pool: usize) {
    let rate = |f: &dyn Fn(&Row) -> Option<bool>| {
        let v: Vec<bool> = rows.iter().filter_map(f).collect();
        (v.iter().filter(|&&b| b).count(), v.len())
    };
    let (lh, ln) = rate(&|r| r.lex_hit);
    let (hh, hn) = rate(&|r| r.hyb_hit);
    let lex: Vec<(f32, bool)> = rows.iter().map(|r| (r.lex_score, r.supported)).collect();
    let hyb: Vec<(f32, bool)> = rows.iter().map(|r| (r.hyb_score, r.supported)).collect();
    let sim: Vec<(f32, bool)> = rows.iter().map(|r| (r.sim, r.supported)).collect();
    println!(
        "WiCE {split}: first {} claims, pool {pool} (asked {claims})",
        rows.len()
    );
    println!(
        "  lexical  gold set fully in top 5: {lh}/{ln} = {:.3}   AUROC {:.3}",
        lh as f64 / ln.max(1) as f64,
        auroc(&lex)
    );
    println!(
        "  hybrid   gold set fully in top 5: {hh}/{hn} = {:.3}   AUROC {:.3}",
        hh as f64 / hn.max(1) as f64,
        auroc(&hyb)
    );
    println!(
        "  (diagnostic) best similarity alone: AUROC {:.3}",
        auroc(&sim)
    );
}

/// Logistic regression of `y` on `[logit(p), sim]` (plain gradient descent, standardised inside).
fn fit_logistic(xs: &[(f32, f32, bool)]) -> [f32; 3] {
    let mut w = [0f64; 3];
    let f = |p: f32| {
        let p = p.clamp(1e-4, 1.0 - 1e-4) as f64;
        (p / (1.0 - p)).ln()
    };
    for _ in 0..20_000 {
        let mut g = [0f64; 3];
        for &(p, s, y) in xs {
            let x = [1.0, f(p), s as f64];
            let z: f64 = w.iter().zip(&x).map(|(a, b)| a * b).sum();
            let e = 1.0 / (1.0 + (-z).exp()) - f64::from(u8::from(y));
            for (gi, xi) in g.iter_mut().zip(&x) {
                *gi += e * xi;
            }
        }
        for (wi, gi) in w.iter_mut().zip(&g) {
            *wi -= 2.0 * gi / xs.len() as f64;
        }
    }
    [w[0] as f32, w[1] as f32, w[2] as f32]
}

fn fever_rows(cache: &mut Cache, split: &str) -> Res<Vec<(f32, f32, bool, bool)>> {
    let rows = jsonl(&format!("fever-symmetric/fever_symmetric_{split}.jsonl"))?;
    let claims: Vec<&str> = rows.iter().filter_map(|r| r["claim"].as_str()).collect();
    let evs: Vec<&str> = rows.iter().filter_map(|r| r["evidence"].as_str()).collect();
    cache.fill(&claims, Role::Query)?;
    cache.fill(&evs, Role::Passage)?;
    let opts = RankOptions::default();
    let mut out = Vec::new();
    for r in &rows {
        let claim = r["claim"].as_str().unwrap_or("");
        let ev = r["evidence"].as_str().unwrap_or("");
        let spans = [(0, ev.len())];
        let cv = cache.get(claim, Role::Query);
        let vectors = vec![cache.get(ev, Role::Passage)];
        let emb = Embeddings {
            claim: &cv,
            spans: &spans,
            vectors: &vectors,
            quotes: &[],
        };
        let rep = analyze_hybrid(claim, ev, &emb, &opts, &HybridOptions::default());
        let s = &rep.signals;
        let conflict = s.negation_mismatch || s.numbers_conflicting > 0 || s.dates_conflicting > 0;
        let p = support_score(s, &SUPPORT_WEIGHTS);
        let lexical = if conflict { 0.0 } else { p };
        let hybrid = if conflict {
            0.0
        } else {
            rep.suggestion.support_score
        };
        out.push((
            lexical,
            hybrid,
            rep.suggestion.stance == SuggestedStance::Supports,
            r["label"].as_str() == Some("SUPPORTS"),
        ));
    }
    Ok(out)
}

fn best_threshold(v: &[(f32, bool)]) -> (f64, f32) {
    (0..=100)
        .map(|i| i as f32 / 100.0)
        .map(|t| {
            (
                v.iter().filter(|(s, y)| (*s >= t) == *y).count() as f64 / v.len().max(1) as f64,
                t,
            )
        })
        .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a })
}

/// Threshold of the FEVER-Symmetric decision on the hybrid score, chosen on FEVER-Symmetric dev (`fever dev`).
const FEVER_HYBRID_THRESHOLD: f32 = 0.91;
/// The lexical pipeline's threshold (crates/claimdesk-evidence/examples/evidence_eval.rs).
const FEVER_THRESHOLD: f32 = 0.89;

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let num = |i: usize, d: usize| arg(i).and_then(|a| a.parse().ok()).unwrap_or(d);
    let t0 = Instant::now();
    let enc = Encoder::locate_and_load()?;
    eprintln!(
        "model {} loaded in {:.2} s",
        enc.path().display(),
        t0.elapsed().as_secs_f64()
    );
    let mut cache = Cache::open(enc)?;
    let h = HybridOptions::default();
    match arg(0) {
        Some("wice") => {
            let split = arg(1).unwrap_or("dev");
            let (claims, pool) = (num(2, 100), num(3, 10));
            let rows = wice_run(&mut cache, split, claims, pool, &h)?;
            report_wice(split, &rows, claims, pool);
        }
        Some("fever") => {
            let split = arg(1).unwrap_or("dev");
            let rows = fever_rows(&mut cache, split)?;
            let lex: Vec<(f32, bool)> = rows.iter().map(|r| (r.0, r.3)).collect();
            let hyb: Vec<(f32, bool)> = rows.iter().map(|r| (r.1, r.3)).collect();
            println!("FEVER-Symmetric {split}: {} pairs", rows.len());
            if split == "dev" {
                let (a, t) = best_threshold(&hyb);
                println!("  dev-chosen hybrid threshold {t:.2} (acc {a:.3})");
            }
            let acc = |v: &[(f32, bool)], t: f32| {
                v.iter().filter(|(s, y)| (*s >= t) == *y).count() as f64 / v.len().max(1) as f64
            };
            println!(
                "  lexical (threshold {FEVER_THRESHOLD}): accuracy {:.3}   AUROC {:.3}",
                acc(&lex, FEVER_THRESHOLD),
                auroc(&lex)
            );
            println!(
                "  hybrid  (threshold {FEVER_HYBRID_THRESHOLD}): accuracy {:.3}   AUROC {:.3}   (stance==supports: {:.3})",
                acc(&hyb, FEVER_HYBRID_THRESHOLD),
                auroc(&hyb),
                rows.iter().filter(|r| r.2 == r.3).count() as f64 / rows.len().max(1) as f64
            );
        }
        Some("fit") => {
            let (claims, pool) = (num(1, 100), num(2, 10));
            let wice = wice_run(&mut cache, "dev", claims, pool, &h)?;
            let fever = fever_rows(&mut cache, "dev")?;
            // FEVER rows feed the fit through the same two features (their lexical score, their similarity).
            let mut xs: Vec<(f32, f32, bool)> = wice
                .iter()
                .map(|r| (r.lex_p_hybrid, r.sim, r.supported))
                .collect();
            let fever_only: Vec<(f32, f32, bool)> = {
                let rows = jsonl("fever-symmetric/fever_symmetric_dev.jsonl")?;
                rows.iter()
                    .zip(&fever)
                    .map(|(r, f)| {
                        let claim = r["claim"].as_str().unwrap_or("");
                        let ev = r["evidence"].as_str().unwrap_or("");
                        let sim: f32 = cache
                            .get(claim, Role::Query)
                            .iter()
                            .zip(cache.get(ev, Role::Passage))
                            .map(|(a, b)| a * b)
                            .sum();
                        (f.0.max(1e-4), sim, f.3)
                    })
                    .collect()
            };
            xs.extend(fever_only);
            let w = fit_logistic(&xs);
            let scored: Vec<(f32, bool)> = xs
                .iter()
                .map(|&(p, s, y)| {
                    let p = p.clamp(1e-4, 1.0 - 1e-4);
                    (
                        1.0 / (1.0 + (-(w[0] + w[1] * (p / (1.0 - p)).ln() + w[2] * s)).exp()),
                        y,
                    )
                })
                .collect();
            let (bal, t) = (1..100)
                .map(|i| i as f32 / 100.0)
                .map(|t| {
                    let tp = scored.iter().filter(|(s, y)| *y && *s >= t).count() as f64;
                    let tn = scored.iter().filter(|(s, y)| !*y && *s < t).count() as f64;
                    let p = scored.iter().filter(|(_, y)| *y).count().max(1) as f64;
                    let n = scored.iter().filter(|(_, y)| !*y).count().max(1) as f64;
                    ((tp / p + tn / n) / 2.0, t)
                })
                .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a });
            println!("fitted on WiCE dev (first {} claims) + FEVER-Symmetric dev ({} rows), AUROC on them {:.3}", wice.len(), fever.len(), auroc(&scored));
            println!(
                "pub const SEMANTIC_WEIGHTS: [f32; 3] = [{:.3}, {:.3}, {:.3}];",
                w[0], w[1], w[2]
            );
            println!("pub const SEMANTIC_THRESHOLD: f32 = {t:.2}; // balanced accuracy {bal:.3}");
            // The similarity weight of the ranking: WiCE dev gold-in-top-5 over a small grid.
            for weight in [0.0f32, 0.1, 0.25, 0.5, 1.0, 2.0] {
                let hw = HybridOptions { weight, ..h };
                let rows = wice_run(&mut cache, "dev", claims, pool, &hw)?;
                let v: Vec<bool> = rows.iter().filter_map(|r| r.hyb_hit).collect();
                println!(
                    "  weight {weight}: WiCE dev gold in top 5 {:.3}",
                    v.iter().filter(|&&b| b).count() as f64 / v.len().max(1) as f64
                );
            }
        }
        Some("climate") => {
            // Climate-FEVER, claims 1001-1535 (test; dev is the first 1000), those whose 5 candidate sentences mix
            // relevant (SUPPORTS/REFUTES) and not relevant (NOT_ENOUGH_INFO): MAP of the ranking of the 5.
            let rows = jsonl("climate-fever/climate-fever.jsonl")?;
            let opts = RankOptions::default();
            let (mut lex_ap, mut hyb_ap, mut n) = (0.0, 0.0, 0usize);
            for r in rows.iter().skip(1000) {
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
                let order_of = |starts: Vec<usize>| {
                    let mut order: Vec<usize> = starts
                        .iter()
                        .filter_map(|s| spans.iter().position(|sp| sp.0 == *s))
                        .collect();
                    for i in 0..spans.len() {
                        if !order.contains(&i) {
                            order.push(i);
                        }
                    }
                    order
                };
                let ap = |order: &[usize]| {
                    let (mut found, mut ap) = (0.0, 0.0);
                    for (rank, &i) in order.iter().enumerate() {
                        if rel[i] {
                            found += 1.0;
                            ap += found / (rank + 1) as f64;
                        }
                    }
                    ap / nrel as f64
                };
                let lex = order_of(
                    rank_spans(claim, &text, &spans, spans.len(), &opts)
                        .iter()
                        .map(|p| p.start)
                        .collect(),
                );
                cache.fill(&[claim], Role::Query)?;
                cache.fill(&sents, Role::Passage)?;
                let cv = cache.get(claim, Role::Query);
                let vectors: Vec<Vec<f32>> =
                    sents.iter().map(|s| cache.get(s, Role::Passage)).collect();
                let emb = Embeddings {
                    claim: &cv,
                    spans: &spans,
                    vectors: &vectors,
                    quotes: &[],
                };
                let rep = analyze_hybrid(claim, &text, &emb, &opts, &h);
                let hyb = order_of(rep.passages.iter().map(|p| p.start).collect());
                lex_ap += ap(&lex);
                hyb_ap += ap(&hyb);
                n += 1;
            }
            println!("Climate-FEVER test: {n} claims with mixed labels");
            println!(
                "  lexical MAP {:.3}   hybrid MAP {:.3}",
                lex_ap / n.max(1) as f64,
                hyb_ap / n.max(1) as f64
            );
        }
        Some("speed") => {
            // A 60-sentence article (the first WiCE test sources' sentences): embedded and ranked, end to end.
            let rows = jsonl("wice/entailment_retrieval_claim_test.jsonl")?;
            let mut sents: Vec<String> = Vec::new();
            for r in &rows {
                for s in r["evidence"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if sents.len() < 60 && !s.trim().is_empty() {
                        sents.push(s.trim().to_string());
                    }
                }
            }
            let claim = rows.first().and_then(|r| r["claim"].as_str()).unwrap_or("");
            // The data set's own sentence boundaries (joining them and re-segmenting merges the unterminated ones).
            let refs: Vec<&str> = sents.iter().map(String::as_str).collect();
            let (text, spans) = join(&refs);
            let t = Instant::now();
            let texts: Vec<&str> = spans.iter().filter_map(|&(s, e)| text.get(s..e)).collect();
            let vectors = cache.enc.embed(&texts, Role::Passage);
            let cv = cache.enc.embed_one(claim, Role::Query);
            let emb = Embeddings {
                claim: &cv,
                spans: &spans,
                vectors: &vectors,
                quotes: &[],
            };
            let rep = analyze_hybrid(claim, &text, &emb, &RankOptions::default(), &h);
            let took = t.elapsed().as_secs_f64();
            let tokens: usize = texts
                .iter()
                .map(|s| cache.enc.token_count(s, Role::Passage))
                .sum();
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmHWM"))
                        .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string())
                })
                .unwrap_or_default();
            println!(
                "{} sentences ({tokens} tokens) embedded + ranked in {took:.2} s: {:.1} sentences/s; {} passages; peak RSS {} MiB; load {:.2} s",
                texts.len(),
                texts.len() as f64 / took,
                rep.passages.len(),
                rss.parse::<u64>().unwrap_or(0) / 1024,
                t0.elapsed().as_secs_f64() - took
            );
        }
        _ => return Err("usage: semantic_eval wice|fever|fit|speed …".into()),
    }
    Ok(())
}
