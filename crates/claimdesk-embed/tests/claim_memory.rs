//! Claim memory by meaning on real claims: FEVER-Symmetric dev siblings (a claim and its rewrite, committed excerpt
//! `tests/data/fever-symmetric/dev-siblings.jsonl`). Every claim asks the hybrid memory (the encoder's vectors and
//! `claimdesk_evidence::memory`) for similar claims, itself excluded; its sibling must be shown, and the hybrid
//! memory must find at least as many siblings as the lexical one on the same rows.
//!
//! Needs the model (`scripts/install-model`): where `CI` is set it fails without it, elsewhere it says so and
//! returns.

use claimdesk_embed::{Encoder, Role};
use claimdesk_evidence::memory::{HybridMemory, MemoryOptions};

fn rows() -> Vec<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fever-symmetric/dev-siblings.jsonl"
    );
    std::fs::read_to_string(path)
        .expect("excerpt")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            (
                v["group"].as_str().expect("group").to_string(),
                v["claim"].as_str().expect("claim").to_string(),
            )
        })
        .collect()
}

/// How many claims see a sibling among the memory's answers (with or without vectors), and how many other claims
/// are shown in all.
fn found(
    rows: &[(String, String)],
    memory: &HybridMemory,
    vectors: Option<&[Vec<f32>]>,
) -> (usize, usize) {
    let opts = MemoryOptions::default();
    let (mut found, mut others) = (0, 0);
    for (i, (group, text)) in rows.iter().enumerate() {
        let id = i.to_string();
        let v = vectors.map(|vs| vs[i].as_slice());
        let shown: Vec<usize> = memory
            .similar(text, v, 5, &opts, Some(&id))
            .iter()
            .filter_map(|h| h.id.parse::<usize>().ok())
            .collect();
        found += usize::from(shown.iter().any(|&j| rows[j].0 == *group));
        others += shown.iter().filter(|&&j| rows[j].0 != *group).count();
    }
    (found, others)
}

#[test]
fn the_hybrid_memory_shows_the_sibling_of_real_claims() {
    let enc = match Encoder::locate_and_load() {
        Ok(e) => e,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the model is required in CI: {e}"
            );
            println!("SKIPPED (outside CI only): {e}");
            return;
        }
    };
    let rows = rows();
    assert_eq!(rows.len(), 90);
    let texts: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let vectors = enc.embed(&texts, Role::Query);
    let mut memory = HybridMemory::new(enc.dim());
    for (i, (t, v)) in texts.iter().zip(&vectors).enumerate() {
        memory.add(&i.to_string(), t, v);
    }
    assert_eq!(memory.with_vectors(), 90);
    let (hybrid, others) = found(&rows, &memory, Some(&vectors));
    let (lexical, lexical_others) = found(&rows, &memory, None);
    println!(
        "sibling shown: hybrid {hybrid}/90 ({others} other claims shown), lexical {lexical}/90 ({lexical_others})"
    );
    // Meaning must not turn the memory into a list of everything on the same page: few unrelated claims are shown.
    assert!(
        others <= OTHERS_MAX,
        "{others} other claims shown, at most {OTHERS_MAX}"
    );
    assert!(hybrid >= lexical, "hybrid {hybrid} < lexical {lexical}");
    assert!(
        hybrid >= FLOOR,
        "hybrid found {hybrid}/90 siblings, floor {FLOOR}"
    );
}

/// Measured 2026-12-03: 90 of 90 (lexical 78); the floor leaves room for float differences only.
const FLOOR: usize = 88;
/// Ceiling on the unrelated claims shown over the 90 queries: measured 16 (lexical 4), plus a margin.
const OTHERS_MAX: usize = 24;
