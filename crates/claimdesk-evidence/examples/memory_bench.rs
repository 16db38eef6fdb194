//! Speed of claim memory by meaning over 100,000 stored claims (docs/BENCHMARKS.md, "Claim memory by meaning").
//!
//! ```text
//! cargo run --release -p claimdesk-evidence --example memory_bench [-- CLAIMS]
//! ```
//! The texts are the 10,375 verified claims of CLEF-2020 task 2 (`$CLAIMDESK_DATA/claim-matching`), each repeated
//! with a numbered suffix until there are CLAIMS (default 100,000), so BM25 sees real vocabulary and real posting
//! lengths. The vectors are pseudo-random unit vectors of 384 floats: the exact cosine scan costs the same whatever
//! the values, and no model is needed. Printed: build time, memory of the matrix, and the median and 95th
//! percentile of `nearest` (the scan alone) and of `similar` (the scan, BM25 and the fusion the facade runs) over
//! 200 queries.

use claimdesk_evidence::memory::{HybridMemory, MemoryOptions};
use std::error::Error;
use std::time::Instant;

type Res<T> = Result<T, Box<dyn Error>>;

const DIM: usize = 384;

/// xorshift64*: deterministic vectors without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    }

    fn unit(&mut self) -> Vec<f32> {
        let v: Vec<f32> = (0..DIM).map(|_| self.next()).collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / n).collect()
    }
}

fn percentile(ms: &mut [f64], p: f64) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[((ms.len() - 1) as f64 * p).round() as usize]
}

fn main() -> Res<()> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("claim-matching/clef2020-task2/verified_claims.docs.tsv");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (set CLAIMDESK_DATA)", path.display()))?;
    let claims: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let t0 = Instant::now();
    let mut memory = HybridMemory::new(DIM);
    for i in 0..n {
        let t = format!("{} (#{i})", claims[i % claims.len()]);
        memory.add(&i.to_string(), &t, &rng.unit());
    }
    let build = t0.elapsed();
    let opts = MemoryOptions::default();
    let (mut scan, mut full) = (Vec::new(), Vec::new());
    for q in 0..200 {
        let v = rng.unit();
        let t = Instant::now();
        std::hint::black_box(memory.nearest(&v, 50));
        scan.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        std::hint::black_box(memory.similar(
            claims[(q * 37) % claims.len()],
            Some(&v),
            5,
            &opts,
            None,
        ));
        full.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{n} claims x {DIM} f32: built in {:.1} s, matrix {:.0} MiB",
        build.as_secs_f64(),
        (n * DIM * 4) as f64 / (1024.0 * 1024.0)
    );
    println!(
        "nearest (exact cosine scan, top 50): median {:.1} ms, p95 {:.1} ms",
        percentile(&mut scan, 0.5),
        percentile(&mut scan, 0.95)
    );
    println!(
        "similar (scan + BM25 + fusion, as the facade asks): median {:.1} ms, p95 {:.1} ms",
        percentile(&mut full, 0.5),
        percentile(&mut full, 0.95)
    );
    Ok(())
}
