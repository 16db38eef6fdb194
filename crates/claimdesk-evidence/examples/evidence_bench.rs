//! Speed of claimdesk-evidence on 1 MB of real text (see docs/BENCHMARKS.md).
//!
//! ```text
//! cargo run --release -p claimdesk-evidence --example evidence_bench [-- --out DIR] [--myers-only]
//! ```
//! With `--out DIR` it also writes the text, the quote and its matches (in UTF-16 offsets, the unit of
//! JavaScript strings) so that `scripts/evidence/bench_myers.sh` can run approx-string-match on the
//! very same input and compare the matches.

use claimdesk_evidence::{analyze, myers, rank_passages, ClaimMemory, SourceIndex};
use serde_json::Value;
use std::error::Error;
use std::time::Instant;

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

/// Median wall time of `runs` calls, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let out_dir = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .cloned();

    // 1 MB of real web text: the cited pages of WiCE, one paragraph per page.
    let mut text = String::new();
    let mut claims = Vec::new();
    for split in ["dev", "test"] {
        for line in std::fs::read_to_string(data(&format!(
            "wice/entailment_retrieval_claim_{split}.jsonl"
        )))?
        .lines()
        {
            let v: Value = serde_json::from_str(line)?;
            claims.push(v["claim"].as_str().unwrap_or("").to_string());
            if text.len() < 1_000_000 {
                let sents: Vec<&str> = v["evidence"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                text.push_str(&sents.join(" "));
                text.push_str("\n\n");
            }
        }
    }
    let mut cut = 1_000_000.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);

    // A 300-character quote from the middle of the text, with 8 letters changed (a misquote).
    let mid = text
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= text.len() / 2)
        .unwrap_or(0);
    let quote_src: String = text[mid..].chars().take(300).collect();
    let quote: String = quote_src
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 37 == 5 && c.is_ascii_alphabetic() {
                if c == 'e' {
                    'a'
                } else {
                    'e'
                }
            } else {
                c
            }
        })
        .collect();
    let max_errors = 30;
    let mut matches = Vec::new();
    let myers_ms = median_ms(20, || matches = myers::search(&text, &quote, max_errors));
    println!(
        "text: {} bytes; quote: {} chars; max_errors {max_errors}",
        text.len(),
        quote.chars().count()
    );
    println!(
        "myers::search                       median {myers_ms:8.3} ms   matches {:?}",
        matches
    );

    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir)?;
        std::fs::write(format!("{dir}/text.txt"), &text)?;
        std::fs::write(format!("{dir}/pattern.txt"), &quote)?;
        let utf16 = |b: usize| text[..b].encode_utf16().count();
        let json: Vec<String> = matches
            .iter()
            .map(|m| {
                format!(
                    "{{\"start\":{},\"end\":{},\"errors\":{}}}",
                    utf16(m.start),
                    utf16(m.end),
                    m.errors
                )
            })
            .collect();
        std::fs::write(
            format!("{dir}/rust_matches.json"),
            format!("[{}]", json.join(",")),
        )?;
        std::fs::write(format!("{dir}/rust_ms.txt"), format!("{myers_ms}"))?;
    }

    if args.iter().any(|a| a == "--myers-only") {
        return Ok(());
    }

    // Evidence ranking and the whole analysis of a claim against the 1 MB source.
    let claim = claims.get(claims.len() / 3).cloned().unwrap_or_default();
    let mut top = Vec::new();
    let rank_ms = median_ms(20, || top = rank_passages(&claim, &text, 5));
    println!("rank_passages (1 MB, top 5)         median {rank_ms:8.3} ms   claim: {claim:?}");
    let analyze_ms = median_ms(10, || {
        let _ = analyze(&claim, &text);
    });
    println!("analyze (quotes+numbers+rank+stance) median {analyze_ms:8.3} ms");
    let quoted = format!("The page says \"{quote}\".");
    let analyze_q_ms = median_ms(10, || {
        let _ = analyze(&quoted, &text);
    });
    println!("analyze with a 300-char misquote    median {analyze_q_ms:8.3} ms");

    // Claim memory and workspace-wide source search.
    let mut memory = ClaimMemory::new();
    let s = Instant::now();
    for (i, c) in claims.iter().enumerate() {
        memory.add(&i.to_string(), c);
    }
    let build_ms = s.elapsed().as_secs_f64() * 1e3;
    let similar_ms = median_ms(50, || {
        let _ = memory.similar(&claim, 5, ClaimMemory::DEFAULT_THRESHOLD, None);
    });
    println!(
        "ClaimMemory: add {} claims {build_ms:8.3} ms; similar() median {similar_ms:.3} ms",
        claims.len()
    );
    let mut sources = SourceIndex::new();
    let s = Instant::now();
    sources.add("one-megabyte", &text);
    let idx_ms = s.elapsed().as_secs_f64() * 1e3;
    let search_ms = median_ms(50, || {
        let _ = sources.search(&claim, 10);
    });
    println!("SourceIndex: add 1 MB {idx_ms:8.3} ms; search() median {search_ms:.3} ms");
    Ok(())
}
