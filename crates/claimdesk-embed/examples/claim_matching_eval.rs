//! Claim memory on previously fact-checked claims: CLEF-2020 CheckThat! task 2 (tweets against 10,375 verified
//! claims), MAP@5, MRR and Recall@1/5, the plain BM25 run beside the hybrid one (docs/EVALUATION.md, "Claim memory
//! by meaning").
//!
//! ```text
//! cargo run --release -p claimdesk-embed --example claim_matching_eval -- embed          # fill the cache only
//! cargo run --release -p claimdesk-embed --example claim_matching_eval -- dev|test       # rank and score
//! cargo run --release -p claimdesk-embed --example claim_matching_eval -- tune           # the BM25 weight, on dev
//! ```
//! Every claim is embedded as a query (claim against claim is a symmetric task, for which e5 wants the `query: `
//! prefix on both sides), as the facade does. Embeddings are cached in `target/claim-matching-cache.bin`: the
//! 10,375 verified claims take a while on a 2-core machine, so only the first run embeds.

use claimdesk_embed::{Encoder, Role};
use claimdesk_evidence::memory::{HybridMemory, MemoryOptions};
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
        .join("claim-matching/clef2020-task2")
        .join(rel)
}

/// Rows of a TSV file with a header: (id, text).
fn tsv(rel: &str) -> Res<Vec<(String, String)>> {
    let text = std::fs::read_to_string(data(rel))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?.to_string(), cols.next()?.to_string()))
        })
        .collect())
}

/// query id -> relevant verified-claim id.
fn qrels(split: &str) -> Res<HashMap<String, String>> {
    let text = std::fs::read_to_string(data(&format!("{split}/tweet-vclaim-pairs.qrels")))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c.len() >= 3).then(|| (c[0].to_string(), c[2].to_string()))
        })
        .collect())
}

/// Query-role embeddings by text, persisted between runs (append-only: text length, text, 384 f32 LE).
struct Cache {
    map: HashMap<String, Vec<f32>>,
    file: std::fs::File,
}

impl Cache {
    fn open() -> Res<Cache> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/claim-matching-cache.bin");
        let mut map = HashMap::new();
        if let Ok(bytes) = std::fs::read(&path) {
            let mut i = 0;
            while i + 4 <= bytes.len() {
                let n = u32::from_le_bytes(bytes[i..i + 4].try_into()?) as usize;
                let end = i + 4 + n + 384 * 4;
                if end > bytes.len() {
                    break;
                }
                let text = String::from_utf8_lossy(&bytes[i + 4..i + 4 + n]).into_owned();
                let v = bytes[i + 4 + n..end]
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                map.insert(text, v);
                i = end;
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        Ok(Cache { map, file })
    }

    /// Embeds what is not cached yet, writing each vector as soon as it is done (an interrupted run keeps them).
    fn fill(&mut self, enc: &Encoder, texts: &[&str]) -> Res<()> {
        let mut todo: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !self.map.contains_key(*t))
            .collect();
        todo.sort_unstable();
        todo.dedup();
        let t0 = Instant::now();
        let total = todo.len();
        let mut failed = None;
        enc.embed_each(&todo, Role::Query, |i, v| {
            let t = todo[i];
            let mut rec = (t.len() as u32).to_le_bytes().to_vec();
            rec.extend_from_slice(t.as_bytes());
            for x in &v {
                rec.extend_from_slice(&x.to_le_bytes());
            }
            if let Err(e) = self.file.write_all(&rec) {
                failed = Some(e);
                return false;
            }
            self.map.insert(t.to_string(), v);
            if (i + 1) % 500 == 0 {
                eprintln!(
                    "embedded {}/{total} ({:.1}/s)",
                    i + 1,
                    (i + 1) as f64 / t0.elapsed().as_secs_f64()
                );
            }
            true
        });
        match failed {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }
}

/// (MAP@5, MRR, Recall@1, Recall@5) of ranked lists against one relevant id per query.
fn score(runs: &[(Vec<String>, String)]) -> (f64, f64, f64, f64) {
    let n = runs.len().max(1) as f64;
    let (mut ap5, mut rr, mut r1, mut r5) = (0.0, 0.0, 0.0, 0.0);
    for (ranked, gold) in runs {
        if let Some(pos) = ranked.iter().position(|id| id == gold) {
            rr += 1.0 / (pos + 1) as f64;
            if pos < 5 {
                // One relevant item: AP@5 is the reciprocal rank within the top 5.
                ap5 += 1.0 / (pos + 1) as f64;
                r5 += 1.0;
            }
            if pos == 0 {
                r1 += 1.0;
            }
        }
    }
    (ap5 / n, rr / n, r1 / n, r5 / n)
}

struct Setup {
    memory: HybridMemory,
    queries: Vec<(String, String)>,
    gold: HashMap<String, String>,
    cache: Cache,
}

fn setup(enc: Option<&Encoder>, split: &str) -> Res<Setup> {
    let vclaims = tsv("verified_claims.docs.tsv")?;
    let queries = tsv(&format!("{split}/tweets.queries.tsv"))?;
    let gold = qrels(split)?;
    let mut cache = Cache::open()?;
    if let Some(enc) = enc {
        let qs: Vec<&str> = queries.iter().map(|q| q.1.as_str()).collect();
        cache.fill(enc, &qs)?;
        let vs: Vec<&str> = vclaims.iter().map(|v| v.1.as_str()).collect();
        cache.fill(enc, &vs)?;
    }
    let mut memory = HybridMemory::new(384);
    for (id, text) in &vclaims {
        let v = cache.map.get(text).map(Vec::as_slice).unwrap_or(&[]);
        memory.add(id, text, v);
    }
    Ok(Setup {
        memory,
        queries,
        gold,
        cache,
    })
}

fn run(s: &Setup, opts: &MemoryOptions, semantic: bool) -> Vec<(Vec<String>, String)> {
    s.queries
        .iter()
        .filter_map(|(qid, text)| {
            let gold = s.gold.get(qid)?.clone();
            let v = if semantic {
                s.cache.map.get(text).map(Vec::as_slice)
            } else {
                None
            };
            let ranked = s
                .memory
                .rank(text, v, 5, opts)
                .into_iter()
                .map(|h| h.id)
                .collect();
            Some((ranked, gold))
        })
        .collect()
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("test", String::as_str);
    let enc = Encoder::locate_and_load()?;
    match mode {
        "embed" => {
            setup(Some(&enc), "dev")?;
            setup(Some(&enc), "test")?;
        }
        "tune" => {
            let s = setup(Some(&enc), "dev")?;
            for w in [
                0.0f32, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5,
            ] {
                let opts = MemoryOptions {
                    lexical_weight: w,
                    ..MemoryOptions::default()
                };
                let (map, mrr, r1, r5) = score(&run(&s, &opts, true));
                println!("dev lexical_weight {w:.2}: MAP@5 {map:.3} MRR@5 {mrr:.3} R@1 {r1:.3} R@5 {r5:.3}");
            }
        }
        split @ ("dev" | "test" | "train") => {
            let s = setup(Some(&enc), split)?;
            let opts = MemoryOptions::default();
            let t0 = Instant::now();
            let bm25 = score(&run(&s, &opts, false));
            let lex_ms = t0.elapsed().as_secs_f64() * 1000.0 / s.queries.len().max(1) as f64;
            let t1 = Instant::now();
            let hybrid = score(&run(&s, &opts, true));
            let hyb_ms = t1.elapsed().as_secs_f64() * 1000.0 / s.queries.len().max(1) as f64;
            println!(
                "clef2020-task2 {split}: {} queries against {} verified claims",
                s.gold.len(),
                s.memory.len()
            );
            for (name, (map, mrr, r1, r5), ms) in
                [("BM25", bm25, lex_ms), ("hybrid", hybrid, hyb_ms)]
            {
                println!(
                    "  {name:7} MAP@5 {map:.3}  MRR@5 {mrr:.3}  R@1 {r1:.3}  R@5 {r5:.3}  ({ms:.1} ms/query, ranking only)"
                );
            }
        }
        other => {
            return Err(format!("unknown mode {other}: embed | dev | test | train | tune").into())
        }
    }
    Ok(())
}
